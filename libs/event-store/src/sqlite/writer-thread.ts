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
 */
export class WriterThread implements SqliteWriter {
  private queue: Pending[] = [];
  /** Batches sent and not yet answered, by number. */
  private readonly inFlight = new Map<number, Pending[]>();
  private sent = 0;
  private counts: WriteStats = { commits: 0, appends: 0, statements: 0 };
  private stopped: Error | undefined;
  private closing = false;
  private readonly exited: Promise<void>;

  private constructor(
    private readonly worker: Worker,
    private readonly file: string,
    /** Called once per committed batch in which at least one append succeeded. */
    private readonly committed: () => void,
    /** PRAGMA synchronous of the thread's connection, as it reported once the file was open. */
    private readonly opened: Promise<number>,
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
    const thread = new WriterThread(worker, file, committed, opened);
    // A thread that could not open the file fails every append with the reason.
    opened.catch((error: Error) => thread.stop(error));
    return thread;
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
    return this.opened;
  }

  /** Commits what is queued and in flight, then lets the thread go. */
  async close(): Promise<void> {
    if (this.closing) return this.exited;
    this.closing = true;
    while ((this.inFlight.size > 0 || this.queue.length > 0) && !this.stopped) {
      await new Promise<void>((settled) => setImmediate(settled));
    }
    // Held by the thread until it has closed the file: an unreferenced thread would let the process end first.
    this.worker.ref();
    if (!this.stopped) this.post('close');
    await this.exited;
  }

  private readonly send = (): void => {
    if (this.queue.length === 0 || this.stopped) return;
    const batch = (this.sent += 1);
    this.inFlight.set(batch, this.queue);
    this.post({ batch, appends: this.queue.map((pending) => pending.append) });
    this.queue = [];
    this.worker.ref();
  };

  private settle({ batch, outcomes, stats }: Extract<WriterAnswer, { outcomes: unknown }>): void {
    const appends = this.inFlight.get(batch) ?? [];
    this.inFlight.delete(batch);
    if (this.inFlight.size === 0) this.worker.unref();
    this.counts = stats;
    outcomes.forEach((outcome, i) => {
      if (outcome.ok) appends[i].resolve(outcome.result);
      else appends[i].reject(receivedError(outcome.error));
    });
    if (outcomes.some((outcome) => outcome.ok)) this.committed();
  }

  private post(request: WriterRequest): void {
    this.worker.postMessage(request);
  }

  private stop(error: Error): void {
    if (this.stopped) return;
    this.stopped = error;
    for (const pending of [...[...this.inFlight.values()].flat(), ...this.queue]) pending.reject(error);
    this.inFlight.clear();
    this.queue = [];
  }
}
