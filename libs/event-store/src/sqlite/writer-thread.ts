import { extname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AppendResult } from '../event-store.port';
import type { SqliteSynchronous } from '../sqlite.schema';
import type { WriteStats } from './group-commit';
import type { RowAppend, SqliteWriter } from './sqlite-writer';
import { receivedError, type WriterAnswer, type WriterRequest } from './writer-thread-messages';

interface Pending {
  append: RowAppend;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

/** The thread's module: JavaScript next to this file in dist; run from the TypeScript sources (the tests), a .ts file. */
const THREAD_MODULE = join(__dirname, `sqlite-writer.thread${extname(__filename)}`);
/** Compiles the .ts module for a thread started from the sources, as it does for the e2e tests' processes. */
const TYPESCRIPT_LOADER = resolve(__dirname, '../../../../test/support/register-ts.js');

/**
 * An SQLite event store's writer on a thread of its own (docs/architecture.md §5 "one writer per
 * store file"): the thread holds the process's write connection and commits, so the thread that
 * serves requests never waits out a commit's fsync or another process's write lock. The appends of
 * one turn go to the thread together at its end; batches that reach the thread while it commits are
 * committed together next (its GroupCommit takes what one of its turns received), so the thread
 * never idles waiting for this thread to send more. The thread keeps the process alive only while a
 * batch is in flight.
 *
 * A thread that stops after it opened the file (a bug, its heap exhausted) is replaced by a new one:
 * the appends it was committing fail as "outcome unknown" (the callers read back, as after any store
 * failure), the next ones go to the new thread. One that cannot open the file is not replaced:
 * every append fails with the reason.
 */
export class WriterThread implements SqliteWriter {
  private queue: Pending[] = [];
  /** Batches sent and not yet answered, by number. */
  private readonly inFlight = new Map<number, Pending[]>();
  private sent = 0;
  private counts: WriteStats = NO_WRITES;
  /** What the threads this one replaced had written: each thread counts from zero. */
  private earlierThreads: WriteStats = NO_WRITES;
  private stopped: Error | undefined;
  private closing = false;
  private thread!: RunningThread;

  private constructor(
    private readonly file: string,
    private readonly synchronousMode: SqliteSynchronous,
    /** Called once per committed batch in which at least one append succeeded. */
    private readonly committed: () => void,
  ) {
    this.startThread();
  }

  static start(file: string, synchronous: SqliteSynchronous, committed: () => void): WriterThread {
    return new WriterThread(file, synchronous, committed);
  }

  append(append: RowAppend): Promise<AppendResult> {
    if (this.stopped) return Promise.reject(this.stopped);
    if (this.closing) return Promise.reject(new Error(`the event store ${this.file} is closed`));
    return new Promise((resolve, reject) => {
      this.queue.push({ append, resolve, reject });
      if (this.queue.length === 1) setImmediate(this.send);
    });
  }

  stats(): WriteStats {
    return { ...this.counts };
  }

  synchronous(): Promise<number> {
    return this.thread.opened;
  }

  /** Commits what is queued and in flight, then lets the thread go. */
  async close(): Promise<void> {
    if (!this.closing) {
      this.closing = true;
      while ((this.inFlight.size > 0 || this.queue.length > 0) && !this.stopped) {
        await new Promise<void>((settled) => setImmediate(settled));
      }
      // Held by the thread until it has closed the file: an unreferenced thread would let the process end first.
      this.thread.worker.ref();
      if (!this.stopped) this.thread.worker.postMessage('close' satisfies WriterRequest);
    }
    await this.thread.exited;
  }

  private startThread(): void {
    const worker = new Worker(THREAD_MODULE, {
      workerData: { file: this.file, synchronous: this.synchronousMode },
      ...(THREAD_MODULE.endsWith('.ts')
        ? { execArgv: [...process.execArgv, '--require', TYPESCRIPT_LOADER] }
        : {}),
    });
    let opened = false;
    const thread: RunningThread = {
      worker,
      opened: new Promise<number>((resolveOpened, rejectOpened) => {
        worker.on('message', (answer: WriterAnswer) => {
          if ('outcomes' in answer) this.settle(answer);
          else if ('opened' in answer) {
            opened = true;
            resolveOpened(answer.opened.synchronous);
          } else rejectOpened(receivedError(answer.failed));
        });
        worker.once('exit', () =>
          rejectOpened(new Error(`the writer thread of ${this.file} stopped before it opened the file`)),
        );
      }),
      exited: new Promise((exited) => worker.once('exit', () => exited())),
    };
    // A thread that could not open the file fails every append with the reason.
    thread.opened.catch((error: Error) => this.stop(error));
    worker.on('error', (error) => this.lose(thread, opened, error));
    worker.once('exit', (code) =>
      this.lose(thread, opened, new Error(`the writer thread of ${this.file} stopped (exit code ${code})`)),
    );
    worker.unref();
    this.thread = thread;
  }

  /** The thread stopped: what it was committing has an unknown outcome; a thread that had opened the file is replaced. */
  private lose(thread: RunningThread, opened: boolean, error: Error): void {
    if (thread !== this.thread || this.stopped) return;
    if (this.closing || !opened) {
      this.stop(error);
      return;
    }
    const unknown = new Error(
      `${error.message}: whether the appends it was committing were stored is unknown; a new writer thread takes the next ones`,
    );
    for (const pending of [...this.inFlight.values()].flat()) pending.reject(unknown);
    this.inFlight.clear();
    this.earlierThreads = this.counts;
    // An uncaught error ends a thread anyway; this makes sure it holds no connection beside the next.
    void thread.worker.terminate();
    this.startThread();
  }

  private readonly send = (): void => {
    if (this.queue.length === 0 || this.stopped) return;
    const batch = (this.sent += 1);
    this.inFlight.set(batch, this.queue);
    this.thread.worker.postMessage({
      batch,
      appends: this.queue.map((pending) => pending.append),
    } satisfies WriterRequest);
    this.queue = [];
    this.thread.worker.ref();
  };

  private settle({ batch, outcomes, stats }: Extract<WriterAnswer, { outcomes: unknown }>): void {
    const appends = this.inFlight.get(batch);
    // A batch already failed as of unknown outcome: its thread stopped (an error) before this answer arrived.
    if (!appends) return;
    this.inFlight.delete(batch);
    if (this.inFlight.size === 0) this.thread.worker.unref();
    this.counts = {
      commits: this.earlierThreads.commits + stats.commits,
      appends: this.earlierThreads.appends + stats.appends,
      statements: this.earlierThreads.statements + stats.statements,
    };
    outcomes.forEach((outcome, i) => {
      if (outcome.ok) appends[i].resolve(outcome.result);
      else appends[i].reject(receivedError(outcome.error));
    });
    if (outcomes.some((outcome) => outcome.ok)) this.committed();
  }

  private stop(error: Error): void {
    if (this.stopped) return;
    this.stopped = error;
    for (const pending of [...[...this.inFlight.values()].flat(), ...this.queue]) pending.reject(error);
    this.inFlight.clear();
    this.queue = [];
  }
}

const NO_WRITES: WriteStats = { commits: 0, appends: 0, statements: 0 };

/** One thread the writer started: its Worker, its PRAGMA synchronous once it opened the file, its end. */
interface RunningThread {
  worker: Worker;
  opened: Promise<number>;
  exited: Promise<void>;
}
