import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  DanaClient,
  devKeyPaths,
  ensureDevKeys,
  loadPrivateKey,
  loadPublicKey,
  type PresignedRequest,
} from '@kios/dana-protocol';
import { type AnswerCheck, BenchServer, entryCommand, freePort } from './bench-server';
import type { Sender } from './load';
import type { MainThreadTime } from './main-thread-time';
import { cpuMsOf } from './process-cpu';

export interface KiosChildOptions {
  /** Lets `mainThread` read kios's event loop utilization (BenchServer). */
  probeMainThread?: boolean;
  /**
   * `all`: `npm start`'s default, kios with the worker process it starts itself; `api+worker`: kios
   * as `--role api` beside a `--role worker` process the bench starts (docs/architecture.md §1).
   */
  roles?: 'all' | 'api+worker';
  /** dana-sim serves DANA's callback endpoint, so pending orders' Order Complete Callbacks flow. */
  callbacks?: boolean;
}

/** kios as in production on the embedded stores: its own processes, SQLite files in a temp folder. */
export class KiosChild implements Sender {
  private constructor(
    private readonly server: BenchServer,
    private readonly dataDir: string,
    private readonly worker?: ChildProcess,
    private readonly danaSim?: BenchServer,
  ) {}

  /** `env` adds to (or overrides) the embedded-defaults configuration. */
  static async start(env: Record<string, string> = {}, options: KiosChildOptions = {}): Promise<KiosChild> {
    const dataDir = mkdtempSync(join(tmpdir(), 'kios-bench-orders-'));
    let danaSim: BenchServer | undefined;
    let worker: ChildProcess | undefined;
    try {
      if (options.callbacks) {
        // dana-sim signs with DANA's dev key and checks kios's: both made before either starts.
        ensureDevKeys(dataDir);
        danaSim = await BenchServer.start('apps/dana-sim/src/main', () => ({ KIOS_DATA_DIR: dataDir }), {
          argsFor: (port) => ['serve', '--port', String(port), '--host', '127.0.0.1'],
        });
      }
      const kiosEnv = {
        KIOS_DATA_DIR: dataDir,
        KIOS_EVENT_STORE: `sqlite:${join(dataDir, 'events.db')}`,
        KIOS_READ_MODEL: `sqlite:${join(dataDir, 'read.db')}`,
        KIOS_HOST: '127.0.0.1',
        ...(danaSim ? { KIOS_DANA_BASE_URL: `http://127.0.0.1:${danaSim.port}` } : {}),
        ...(options.roles === 'api+worker' ? { KIOS_ROLE: 'api' } : {}),
        ...env,
      };
      const server = await BenchServer.start(
        'apps/kios/src/main',
        (port) => ({ ...kiosEnv, KIOS_PORT: String(port) }),
        options,
      );
      if (options.roles === 'api+worker') {
        worker = await startWorker({ ...kiosEnv, KIOS_PORT: String(await freePort()) });
      }
      return new KiosChild(server, dataDir, worker, danaSim);
    } catch (error) {
      worker?.kill('SIGTERM');
      await danaSim?.stop();
      rmSync(dataDir, { recursive: true, force: true });
      throw error;
    }
  }

  /** kios's main-thread time; only when started with `probeMainThread`. */
  get mainThread(): MainThreadTime {
    if (!this.server.mainThread) throw new Error('this kios was started without probeMainThread');
    return this.server.mainThread;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.server.port}`;
  }

  client(): DanaClient {
    const keys = devKeyPaths(this.dataDir);
    return new DanaClient({
      baseUrl: this.baseUrl,
      danaPrivateKey: loadPrivateKey(readFileSync(keys.danaPrivateKey, 'utf8'), keys.danaPrivateKey),
      kiosPublicKey: loadPublicKey(readFileSync(keys.kiosPublicKey, 'utf8'), keys.kiosPublicKey),
    });
  }

  send(request: PresignedRequest, accept?: AnswerCheck): Promise<string> {
    return this.server.send(request, accept);
  }

  /** The Order Complete Callbacks dana-sim received so far, by status; only when started with `callbacks`. */
  async callbacksReceived(): Promise<Record<string, number>> {
    const byStatus: Record<string, number> = {};
    for (const callback of await this.received()) {
      const key = callback.signatureValid ? (callback.orderStatus?.status ?? 'none') : 'badly signed';
      byStatus[key] = (byStatus[key] ?? 0) + 1;
    }
    return byStatus;
  }

  /**
   * Waits until dana-sim holds a SUCCESS callback for `pending` orders, or `timeoutMs`; answers the
   * callbacks received by status.
   */
  async waitForCallbacks(pending: number, timeoutMs: number): Promise<Record<string, number>> {
    let received: Record<string, number> = {};
    await pollUntil(
      async () => ((received = await this.callbacksReceived()).SUCCESS ?? 0) >= pending,
      timeoutMs,
    );
    return received;
  }

  /**
   * Waits until dana-sim holds a signed SUCCESS callback for each order of `requestIds`, or
   * `timeoutMs`; answers the requestIds still without one.
   */
  async waitForSuccessCallbacks(requestIds: Iterable<string>, timeoutMs: number): Promise<string[]> {
    let missing = [...requestIds];
    await pollUntil(async () => {
      const calledBack = new Set(
        (await this.received())
          .filter((callback) => callback.signatureValid && callback.orderStatus?.status === 'SUCCESS')
          .map((callback) => callback.requestId),
      );
      missing = missing.filter((requestId) => !calledBack.has(requestId));
      return missing.length === 0;
    }, timeoutMs);
    return missing;
  }

  private async received(): Promise<ReceivedCallback[]> {
    if (!this.danaSim) throw new Error('this kios was started without callbacks');
    return (await (
      await fetch(`http://127.0.0.1:${this.danaSim.port}/sim/callbacks`)
    ).json()) as ReceivedCallback[];
  }

  /** The resident memory of kios's processes (the one started, and the worker it forked or the bench started), bytes. */
  residentBytes(): { api: number; worker: number } {
    const workerPid = this.worker?.pid ?? childPidsOf(this.server.pid)[0];
    return { api: residentBytesOf(this.server.pid), worker: workerPid ? residentBytesOf(workerPid) : 0 };
  }

  /**
   * CPU time of kios's processes since they started, all their threads (the request thread, the event
   * store's writer thread, libuv's pool doing the RSA work), ms: the one started, and its worker.
   */
  cpuMs(): { api: number; worker: number } {
    const workerPid = this.worker?.pid ?? childPidsOf(this.server.pid)[0];
    return { api: cpuMsOf(this.server.pid), worker: workerPid ? cpuMsOf(workerPid) : 0 };
  }

  /** Stops kios (its worker too) and dana-sim, and removes their files; stopping again does nothing. */
  async stop(): Promise<void> {
    await this.server.stop();
    if (this.worker && this.worker.exitCode === null && this.worker.signalCode === null) {
      const exited = new Promise((resolve) => this.worker!.once('exit', resolve));
      this.worker.kill('SIGTERM');
      await exited;
    }
    await this.danaSim?.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** What the bench reads of a callback dana-sim received (GET /sim/callbacks). */
type ReceivedCallback = { requestId?: string; orderStatus?: { status: string }; signatureValid: boolean };

/** Asks `done` every 250 ms until it says yes or `timeoutMs` has passed. */
async function pollUntil(done: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await done()) && performance.now() <= deadline) await sleep(250);
}

function childPidsOf(pid: number): number[] {
  const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
  return text ? text.split(' ').map(Number) : [];
}

function residentBytesOf(pid: number): number {
  const kib = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!kib) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kib[1]) * 1024;
}

/** `kios --role worker` on the same configuration, once it says it runs the background processors. */
async function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  const { args, cwd } = entryCommand('apps/kios/src/main', ['--role', 'worker']);
  const worker = spawn(process.execPath, args, {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env, KIOS_LOG_FORMAT: 'json' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-8000);
      if (output.includes('kios worker running the background processors')) resolve();
    };
    worker.stdout!.on('data', onData);
    worker.stderr!.on('data', onData);
    worker.once('exit', (code) => reject(new Error(`kios --role worker exited (${code}):\n${output}`)));
  });
  return worker;
}
