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
 * serves requests never waits out a commit's fsync or another process's write lock. Appends issued
 * while a batch is being committed wait, together, for the next one: one batch at a time is in
 * flight, sent at the end of the turn in which it was filled. The thread keeps the process alive only
 * while a batch is in flight.
 */
export class WriterThread implements SqliteWriter {
  private queue: Pending[] = [];
  private inFlight: Pending[] | undefined;
  private counts: WriteStats = { commits: 0, appends: 0, statements: 0 };
  private stopped: Error | undefined;
  private closing = false;
  private readonly exited: Promise<void>;

  private constructor(
    private readonly worker: Worker,
    private readonly file: string,
    /** Called once per committed batch in which at least one append succeeded. */
    private readonly committed: () => void,
    /** PRAGMA synchronous of the thread's connection, as SQLite reports it (1 NORMAL, 2 FULL). */
    readonly synchronous: Promise<number>,
  ) {
    worker.on('message', (answer: WriterAnswer) => {
      if ('outcomes' in answer) this.settle(answer);
    });
    worker.on('error', (error) => this.stop(error));
    this.exited = new Promise((exited) =>
      worker.once('exit', (code) => {
        this.stop(new Error(`the writer thread of ${file} stopped (exit code ${code})`));
        exited();
      }),
    );
    worker.unref();
  }

  static start(file: string, synchronous: SqliteSynchronous, committed: () => void): WriterThread {
    const worker = new Worker(THREAD_MODULE, {
      workerData: { file, synchronous },
      ...(THREAD_MODULE.endsWith('.ts')
        ? { execArgv: [...process.execArgv, '--require', TYPESCRIPT_LOADER] }
        : {}),
    });
    const opened = new Promise<number>((resolveOpened, rejectOpened) => {
      const onAnswer = (answer: WriterAnswer) => {
        if ('opened' in answer) resolveOpened(answer.opened.synchronous);
        else if ('failed' in answer) rejectOpened(receivedError(answer.failed));
        else return;
        worker.off('message', onAnswer);
      };
      worker.on('message', onAnswer);
      worker.once('exit', () =>
        rejectOpened(new Error(`the writer thread of ${file} stopped before it opened the file`)),
      );
    });
    // A thread that could not open the file fails every append with the reason (see stop).
    opened.catch(() => undefined);
    const thread = new WriterThread(worker, file, committed, opened);
    opened.catch((error: Error) => thread.stop(error));
    return thread;
  }

  append(append: RowAppend): Promise<AppendResult> {
    if (this.stopped) return Promise.reject(this.stopped);
    if (this.closing) return Promise.reject(new Error(`the event store ${this.file} is closed`));
    return new Promise((resolve, reject) => {
      this.queue.push({ append, resolve, reject });
      if (this.queue.length === 1 && !this.inFlight) setImmediate(this.send);
    });
  }

  stats(): WriteStats {
    return { ...this.counts };
  }

  /** Commits what is queued and in flight, then lets the thread go. */
  async close(): Promise<void> {
    if (this.closing) return this.exited;
    this.closing = true;
    while ((this.inFlight || this.queue.length > 0) && !this.stopped) {
      await new Promise<void>((settled) => setImmediate(settled));
      this.send();
    }
    // Held by the thread until it has closed the file: an unreferenced thread would let the process end first.
    this.worker.ref();
    if (!this.stopped) this.post('close');
    await this.exited;
  }

  private readonly send = (): void => {
    if (this.inFlight || this.queue.length === 0 || this.stopped) return;
    this.inFlight = this.queue;
    this.queue = [];
    this.worker.ref();
    this.post({ appends: this.inFlight.map((pending) => pending.append) });
  };

  private settle({ outcomes, stats }: Extract<WriterAnswer, { outcomes: unknown }>): void {
    const batch = this.inFlight ?? [];
    this.inFlight = undefined;
    this.worker.unref();
    this.counts = stats;
    outcomes.forEach((outcome, i) => {
      if (outcome.ok) batch[i].resolve(outcome.result);
      else batch[i].reject(receivedError(outcome.error));
    });
    if (outcomes.some((outcome) => outcome.ok)) this.committed();
    // Appends issued while this batch was committing, and those its answers lead to this turn, go next.
    if (this.queue.length > 0) setImmediate(this.send);
  }

  private post(request: WriterRequest): void {
    this.worker.postMessage(request);
  }

  private stop(error: Error): void {
    if (this.stopped) return;
    this.stopped = error;
    for (const pending of [...(this.inFlight ?? []), ...this.queue]) pending.reject(error);
    this.inFlight = undefined;
    this.queue = [];
  }
}
