import { WakeableSleep } from './wakeable-sleep';

/**
 * The loop of a background job: `look` once, sleep as long as it answers, again until stopped.
 * `look` deals with its own errors (each job retries in its own way) and answers how long to wait;
 * `wakeUp` cuts a sleep short, and `stop` ends the loop after the look under way.
 */
export class BackgroundLoop {
  private looping = false;
  private loop?: Promise<void>;
  private readonly pause = new WakeableSleep();

  constructor(private readonly look: () => Promise<number>) {}

  /** Between start and stop: a look under way checks it to begin nothing new once stop was asked. */
  get running(): boolean {
    return this.looping;
  }

  /** `firstLookInMs`: for a job that just looked on its own (a lease taken at start-up) and need not look again at once. */
  start(firstLookInMs = 0): void {
    if (this.looping) return;
    this.looping = true;
    this.loop = this.run(firstLookInMs);
  }

  wakeUp(): void {
    this.pause.wakeUp();
  }

  async stop(): Promise<void> {
    this.looping = false;
    this.pause.wakeUp();
    await this.loop;
  }

  private async run(firstLookInMs: number): Promise<void> {
    if (firstLookInMs > 0) await this.pause.sleep(firstLookInMs);
    while (this.looping) {
      const waitMs = await this.look();
      if (this.looping) await this.pause.sleep(waitMs);
    }
  }
}
