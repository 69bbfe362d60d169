import { Worker } from 'node:worker_threads';
import type { RebuildWriter, RowBatch, TableStatements } from './row-batch';

/**
 * The writer thread: better-sqlite3 is synchronous, so on the replay's thread every row inserted
 * would stop the replay. Here the inserts take the other core while the replay goes on. Plain
 * JavaScript run from this text (as `eval`), so it loads the same way from the sources and from dist.
 */
const WRITER_THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.betterSqlite3);
const { file, statements } = workerData;
const db = new Database(file, { timeout: 5000 });
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
const deleteByKey = db.prepare(statements.deleteByKey);
const insert = db.prepare(statements.insert);
const saveCheckpoint = db.prepare(statements.saveCheckpoint);
const write = db.transaction((batch) => {
  for (const key of batch.deleteKeys) deleteByKey.run(key);
  for (const row of batch.rows) insert.run(row);
  const { name, position, updatedAt } = batch.checkpoint;
  saveCheckpoint.run(name, position, updatedAt);
});
parentPort.on('message', (batch) => {
  if (batch === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    write(batch);
    parentPort.postMessage({ written: true });
  } catch (error) {
    parentPort.postMessage({ failed: String((error && error.message) || error) });
  }
});
`;

type WriterAnswer = { written: true } | { failed: string };

/** Writes a SQLite rebuild target from a worker thread of its own (see WRITER_THREAD). */
export class SqliteRebuildWriter implements RebuildWriter {
  private waiting?: { resolve: () => void; reject: (error: Error) => void };
  private failure?: Error;
  private closed = false;

  private constructor(
    private readonly worker: Worker,
    private readonly file: string,
  ) {
    worker.on('message', (answer: WriterAnswer) => {
      const waiting = this.waiting;
      this.waiting = undefined;
      if ('written' in answer) waiting?.resolve();
      else waiting?.reject(new Error(`writing the rebuild of ${file} failed: ${answer.failed}`));
    });
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => {
      if (code !== 0) this.fail(new Error(`the writer thread of ${file} stopped (exit code ${code})`));
    });
  }

  static start(file: string, statements: TableStatements): SqliteRebuildWriter {
    const workerData = { file, statements, betterSqlite3: require.resolve('better-sqlite3') };
    return new SqliteRebuildWriter(new Worker(WRITER_THREAD, { eval: true, workerData }), file);
  }

  write(batch: RowBatch): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`the writer of ${this.file} is closed`));
    if (this.failure) return Promise.reject(this.failure);
    if (this.waiting) return Promise.reject(new Error(`a write to ${this.file} is already under way`));
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.worker.postMessage(batch);
    });
  }

  /** Lets the thread go (at once when it failed); closing again does nothing. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.failure) {
      await this.worker.terminate();
      return;
    }
    const exited = new Promise((resolve) => this.worker.once('exit', resolve));
    this.worker.postMessage('close');
    await exited;
  }

  private fail(error: Error): void {
    this.failure ??= error;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.reject(error);
  }
}
