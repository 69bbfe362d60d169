import { WakeableSleep } from './wakeable-sleep';

/**
 * The loop of a background job: `look` once, sleep as long as it answers, again until stopped.
 * `look` deals with its own errors (each job retries in its own way) and answers how long to wait;
 * `wakeUp` cuts a sleep short, and `stop` ends the loop after the look under way.
 */
export class BackgroundLoop {
  private running = false;
  private loop?: Promise<void>;
  private readonly pause = new WakeableSleep();

  constructor(private readonly look: () => Promise<number>) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  wakeUp(): void {
    this.pause.wakeUp();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.pause.wakeUp();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      const waitMs = await this.look();
      if (this.running) await this.pause.sleep(waitMs);
    }
  }
}
