import type { ChildProcess } from 'node:child_process';
import type { ReceivedCallback } from '../../apps/dana-sim/src/callbacks/callback-receiver';
import type { ReceivedNotification } from '../../apps/dana-sim/src/callbacks/notify-receiver';
import { freePort, spawnApp } from './kios-process';

const START_TIMEOUT_MS = 20_000;

/**
 * `dana-sim serve` as DANA's host for kios (KIOS_DANA_BASE_URL), running from source in a child
 * process and signing with the development keys under `keysHome`. Usable in jest and outside it
 * (the acceptance run).
 */
export class DanaSim {
  private output = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {
    child.stdout!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
  }

  /** Resolves once it listens on `port` (a free one when absent); `env` adds to its environment (other keys). */
  static async start(keysHome: string, port?: number, env: Record<string, string> = {}): Promise<DanaSim> {
    const listenOn = port ?? (await freePort());
    const sim = new DanaSim(
      spawnApp('dana-sim', ['serve', '--port', String(listenOn), '--host', '127.0.0.1'], {
        KIOS_DATA_DIR: keysHome,
        ...env,
      }),
      listenOn,
    );
    await sim.listening();
    return sim;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Everything it printed so far. */
  get log(): string {
    return this.output;
  }

  async callbacksFor(requestId: string): Promise<ReceivedCallback[]> {
    const all = (await (await fetch(`${this.baseUrl}/sim/callbacks`)).json()) as ReceivedCallback[];
    return all.filter((callback) => callback.requestId === requestId);
  }

  /** Every Notify Aggregator Product Status received so far, in order. */
  async notifications(): Promise<ReceivedNotification[]> {
    return (await (await fetch(`${this.baseUrl}/sim/notifications`)).json()) as ReceivedNotification[];
  }

  async misbehave(control: object): Promise<void> {
    const response = await fetch(`${this.baseUrl}/sim/misbehave`, {
      method: 'POST',
      body: JSON.stringify(control),
    });
    if (response.status !== 200) {
      throw new Error(
        `dana-sim refused ${JSON.stringify(control)}: HTTP ${response.status} ${await response.text()}`,
      );
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }

  private listening(): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanUp();
        reject(new Error(`dana-sim did not listen within ${START_TIMEOUT_MS} ms:\n${this.output}`));
      }, START_TIMEOUT_MS);
      const onData = () => {
        if (!this.output.includes('dana-sim listening on')) return;
        cleanUp();
        resolve();
      };
      const onExit = (code: number | null) => {
        cleanUp();
        reject(new Error(`dana-sim exited with ${code} before listening:\n${this.output}`));
      };
      const cleanUp = () => {
        clearTimeout(timer);
        this.child.stdout!.off('data', onData);
        this.child.off('exit', onExit);
      };
      this.child.stdout!.on('data', onData);
      this.child.once('exit', onExit);
      onData();
    });
  }
}
