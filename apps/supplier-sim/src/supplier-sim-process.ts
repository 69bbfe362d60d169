import { spawn, type ChildProcess } from 'node:child_process';
import { extname, join, resolve } from 'node:path';
import type { RequestLogEntry } from './control/request-log';
import type { Transaction } from './purchase/transaction-book';
import type { WebhookDelivery } from './webhooks/webhook-sender';

const START_TIMEOUT_MS = 20_000;

export interface SupplierSimProcessOptions {
  /** Command-line flags, e.g. ['--pending-delay-ms', '200']; `--port 0` and `--host 127.0.0.1` unless given. */
  args?: string[];
  /** Added to a bare environment (PATH and HOME kept). */
  env?: Record<string, string>;
}

/**
 * supplier-sim in a child process, for tests that stop and restart it (with `--state-file`) or that
 * want it out of their own event loop. Runs `main.ts` from source (through test/support/register-ts.js)
 * or `main.js` when this file itself runs from the build. The control routes are methods here.
 */
export class SupplierSimProcess {
  private output = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    /** The base an IAK buyer puts `top-up` after (its own listener's with `--iak-port`). */
    readonly iakUrl: string,
  ) {
    child.stdout!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
  }

  static async start(options: SupplierSimProcessOptions = {}): Promise<SupplierSimProcess> {
    const args = options.args ?? [];
    const fromSource = extname(__filename) === '.ts';
    const main = join(__dirname, `main${extname(__filename)}`);
    const registerTs = resolve(__dirname, '../../../test/support/register-ts.js');
    const child = spawn(
      process.execPath,
      [
        ...(fromSource ? ['-r', registerTs] : []),
        main,
        ...(args.includes('--port') ? [] : ['--port', '0']),
        ...(args.includes('--host') ? [] : ['--host', '127.0.0.1']),
        ...args,
        '--json',
      ],
      {
        cwd: resolve(__dirname, fromSource ? '../../..' : '../../../..'),
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const { url, iakUrl } = await listeningUrls(child);
    const sim = new SupplierSimProcess(child, url, iakUrl);
    return sim;
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Everything it printed after its listening line. */
  get log(): string {
    return this.output;
  }

  requestLog(): Promise<RequestLogEntry[]> {
    return this.get('/_control/log');
  }

  transactions(): Promise<Transaction[]> {
    return this.get('/_control/transactions');
  }

  webhookDeliveries(): Promise<WebhookDelivery[]> {
    return this.get('/_control/webhooks');
  }

  iakCallbackDeliveries(): Promise<WebhookDelivery[]> {
    return this.get('/_control/iak/callbacks');
  }

  /** `POST /_control/mode`; throws with supplier-sim's reason when refused. */
  async control(body: object): Promise<void> {
    await this.post('/_control/mode', body);
  }

  async reset(options: { all?: boolean } = {}): Promise<void> {
    await this.post('/_control/reset', options);
  }

  /** SIGTERM, or SIGKILL to play a crash; resolves once it exited. */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolveExit) => this.child.once('exit', resolveExit));
    this.child.kill(signal);
    await exited;
  }

  private async get<T>(path: string): Promise<T> {
    const response = await fetch(`${this.url}${path}`);
    return (await response.json()) as T;
  }

  private async post(path: string, body: object): Promise<unknown> {
    const response = await fetch(`${this.url}${path}`, { method: 'POST', body: JSON.stringify(body) });
    const answer = await response.json();
    if (response.status !== 200)
      throw new Error(`supplier-sim refused ${JSON.stringify(body)}: ${JSON.stringify(answer)}`);
    return answer;
  }
}

/** The URLs from its `--json` listening line; rejects with what it printed if it exits or stalls first. */
function listeningUrls(child: ChildProcess): Promise<{ url: string; iakUrl: string }> {
  let printed = '';
  return new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => {
      cleanUp();
      child.kill('SIGKILL');
      reject(new Error(`supplier-sim did not listen within ${START_TIMEOUT_MS} ms:\n${printed}`));
    }, START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      printed += chunk.toString();
      const line = printed.split('\n').find((text) => text.includes('"kind":"listening"'));
      if (!line) return;
      cleanUp();
      resolveUrl(JSON.parse(line) as { url: string; iakUrl: string });
    };
    const onExit = (code: number | null) => {
      cleanUp();
      reject(new Error(`supplier-sim exited with ${code} before listening:\n${printed}`));
    };
    const cleanUp = () => {
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.stderr!.off('data', onData);
      child.off('exit', onExit);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', onExit);
  });
}
