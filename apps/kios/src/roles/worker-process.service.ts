import type { ChildProcess } from 'node:child_process';
import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  Optional,
} from '@nestjs/common';
import { KiosMetrics } from '../observability/metrics/kios-metrics';
import { ForkedWorker } from './worker-fork';
import { isWorkerMessage, type WorkerMessage } from './worker-messages';

/** A worker that kept running this long is restarted at once if it dies; one dying sooner waits longer each time. */
const STEADY_AFTER_MS = 60_000;
const FIRST_RESTART_DELAY_MS = 1_000;
const MAX_RESTART_DELAY_MS = 30_000;
/** The longest start-up waits for the worker's first ready message (it catches up for at most 30 s). */
const READY_TIMEOUT_MS = 60_000;
/** A scrape serves this process's metrics alone when the worker's take longer than this. */
const METRICS_TIMEOUT_MS = 1_000;
/** A worker still busy this long after SIGTERM is killed: its leases end on their own. */
const STOP_TIMEOUT_MS = 30_000;

/**
 * The worker process of `--role all` (docs/architecture.md §1 "Processes and roles", ForkedWorker):
 * the one main.ts forked as this process started, or one forked here, told to open its stores once
 * this process's are open and migrated — and this process listens only once the worker said its
 * projections caught up (WORKER_READY) — restarted when it dies, stopped after the HTTP drain at
 * shutdown. Should this process die without a shutdown (SIGKILL), the worker sees its IPC channel
 * close and shuts down on its own (startKiosWorker).
 */
@Injectable()
export class WorkerProcess implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Worker');
  private child?: ChildProcess;
  private stopping = false;
  private restartDelayMs = FIRST_RESTART_DELAY_MS;
  private restartTimer?: NodeJS.Timeout;
  private nextQuestion = 0;

  constructor(
    metrics: KiosMetrics,
    /** Forked by main.ts before this process built its application; absent, one is forked here. */
    @Optional() private readonly firstWorker?: ForkedWorker,
  ) {
    metrics.includeWorkerMetrics(() => this.workerMetrics());
  }

  async onApplicationBootstrap(): Promise<void> {
    const worker = this.run(this.firstWorker ?? new ForkedWorker());
    const child = worker.child;
    const ready = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), READY_TIMEOUT_MS);
      const settle = (answer: boolean) => {
        clearTimeout(timer);
        resolve(answer);
      };
      child.on('message', (message) => isWorkerMessage(message, 'worker-ready') && settle(true));
      void worker.exited.then(() => settle(false));
    });
    if (ready) this.logger.log(`worker process ${child.pid} is ready: its read models caught up`);
    else this.logger.warn(`worker process ${child.pid} is not ready yet: starting without waiting for it`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const killer = setTimeout(() => {
      this.logger.warn(
        `worker process ${child.pid} still running ${STOP_TIMEOUT_MS} ms after SIGTERM: killing it`,
      );
      child.kill('SIGKILL');
    }, STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(killer);
    this.logger.log(`worker process ${child.pid} stopped`);
  }

  /** The worker's metrics (getMetricsAsJSON), or undefined when it does not answer in time. */
  private workerMetrics(): Promise<object[] | undefined> {
    const child = this.child;
    if (!child?.connected) return Promise.resolve(undefined);
    const id = (this.nextQuestion += 1);
    return new Promise((resolve) => {
      const done = (metrics: object[] | undefined) => {
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve(metrics);
      };
      const onMessage = (message: unknown) => {
        if (isWorkerMessage(message, 'metrics') && message.id === id) done(message.metrics);
      };
      const timer = setTimeout(() => done(undefined), METRICS_TIMEOUT_MS);
      child.on('message', onMessage);
      child.send({ kios: 'metrics?', id } satisfies WorkerMessage, (error) => error && done(undefined));
    });
  }

  /** Called once this process's stores are open and migrated: the worker may open its own. */
  private run(worker: ForkedWorker): ForkedWorker {
    const child = worker.child;
    this.child = child;
    this.logger.log(`started the worker process ${child.pid} for the background processors`);
    worker.storesReady();
    void worker.exited.then(({ code, signal }) => {
      if (this.stopping) return;
      const ranMs = Number((process.hrtime.bigint() - worker.forkedAt) / 1_000_000n);
      if (ranMs >= STEADY_AFTER_MS) this.restartDelayMs = FIRST_RESTART_DELAY_MS;
      this.logger.error(
        `worker process ${child.pid} exited (${signal ?? `code ${code}`}): background processors ` +
          `stopped until it restarts in ${this.restartDelayMs} ms`,
      );
      this.restartTimer = setTimeout(() => this.run(new ForkedWorker()), this.restartDelayMs);
      this.restartDelayMs = Math.min(this.restartDelayMs * 2, MAX_RESTART_DELAY_MS);
    });
    return worker;
  }
}
