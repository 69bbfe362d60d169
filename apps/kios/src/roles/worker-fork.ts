import { type ChildProcess, fork } from 'node:child_process';
import { isWorkerMessage, STORES_ASKED, STORES_READY } from './worker-messages';

/** On a worker's command line when a `--role all` process forked it (and will tell it to open its stores). */
const FORKED_WORKER_FLAG = '--forked-worker';

/**
 * The worker process of `--role all`: this same program started again as `--role worker`, with
 * this process's Node options (so a process started from the TypeScript sources starts its worker
 * the same way) and its standard output. It loads its modules at once — forked before this process
 * has built its own application, the two share the machine's cores instead of taking turns — and
 * opens its stores only once this process's are open and migrated, so that it never races their
 * migrations: it asks (`stores?`, awaitStoresReady) and is answered (`stores-ready`) when both its
 * question and `storesReady()` have come, in either order.
 */
export class ForkedWorker {
  readonly child: ChildProcess;
  readonly forkedAt = process.hrtime.bigint();
  /** Settles when the worker exits, even if that came before anyone asked. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private asked = false;
  private storesAreReady = false;

  /** `program` and `execArgv` are this process's (its tests fork another that awaits the same answer). */
  constructor(program = process.argv[1], execArgv = process.execArgv) {
    this.child = fork(program, ['--role', 'worker', FORKED_WORKER_FLAG], {
      execArgv,
      stdio: 'inherit',
    });
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    // Listening from the fork on: a message that comes while nobody listens is lost.
    this.child.on('message', (message) => {
      if (!isWorkerMessage(message, 'stores?')) return;
      this.asked = true;
      this.answer();
    });
  }

  /** This process's stores are open and migrated: the worker may open its own. */
  storesReady(): void {
    this.storesAreReady = true;
    this.answer();
  }

  private answer(): void {
    // A worker gone meanwhile fails the send; its exit is handled where it is watched.
    if (this.asked && this.storesAreReady && this.child.connected) this.child.send(STORES_READY, () => {});
  }
}

/** Whether this process is a worker a `--role all` process forked (ForkedWorker). */
export function isForkedWorker(): boolean {
  return process.argv.includes(FORKED_WORKER_FLAG) && process.send !== undefined;
}

/**
 * In a worker a `--role all` process forked: asks that process, and resolves once it says its
 * stores are open and migrated; should it die first, this worker has nothing to work for and exits.
 */
export function awaitStoresReady(): Promise<void> {
  // Gone while this worker loaded its modules: its disconnect came before anyone listened.
  if (!process.connected) process.exit(0);
  return new Promise((resolve) => {
    // The wait itself keeps this process alive: its IPC channel may not (something loaded with
    // `node -r`, the bench's probe, unreferences it), and nothing else is open yet.
    const keepAlive = setInterval(() => undefined, 60_000);
    const onMessage = (message: unknown) => {
      if (!isWorkerMessage(message, 'stores-ready')) return;
      clearInterval(keepAlive);
      process.off('message', onMessage);
      process.off('disconnect', onDisconnect);
      resolve();
    };
    const onDisconnect = () => process.exit(0);
    process.on('message', onMessage);
    process.once('disconnect', onDisconnect);
    // Failing, kios went away while the question was on its way: nothing to work for either.
    process.send!(STORES_ASKED, (error: Error | null) => error && onDisconnect());
  });
}
