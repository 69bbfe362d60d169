import type Database from 'better-sqlite3';

/** Counts of a store's writes since it was opened, for the bench and the metrics (issue 19). */
export interface WriteStats {
  /** Transactions committed. */
  commits: number;
  /** Appends that succeeded. */
  appends: number;
  /** SQL statements the appends ran: BEGIN, SAVEPOINT, each SELECT and INSERT, RELEASE, ROLLBACK, COMMIT. */
  statements: number;
}

interface Queued {
  write: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { written: true; value: unknown } | { written: false; error: unknown };

/**
 * Group commit (docs/architecture.md §5): the writes submitted during one event-loop turn run in
 * submission order inside one `BEGIN IMMEDIATE` transaction, flushed at `setImmediate`, so they share
 * one commit and, with `synchronous=FULL`, one fsync of the WAL. Running in order inside one
 * transaction, a write sees the writes before it in the batch.
 *
 * A write that throws fails alone; it must leave nothing behind when it throws (SqliteAppender sees to
 * that), since the others commit. Each promise settles only after COMMIT returned, so an answer never
 * claims more than the file holds. When the transaction itself fails (the write lock still busy after
 * the busy timeout, an I/O error at commit), every write of the batch rejects with that error.
 */
export class GroupCommit {
  private queue: Queued[] = [];
  private readonly sql;
  private readonly counts = { commits: 0, appends: 0, statements: 0 };

  constructor(
    private readonly db: Database.Database,
    /** Called once per committed batch in which at least one write succeeded. */
    private readonly committed: () => void,
  ) {
    this.sql = {
      // IMMEDIATE takes the write lock before any revision is read, so another process cannot slip in between.
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
    };
  }

  /** Runs `write` in the next batch; settles with its result or error once that batch has committed. */
  submit<T>(write: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.queue.length === 0) setImmediate(this.flush);
      this.queue.push({ write, resolve: resolve as (value: unknown) => void, reject });
    });
  }

  /** Commits what is queued now (also called before the database closes, so no write is dropped). */
  readonly flush = (): void => {
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    let outcomes: Outcome[];
    try {
      outcomes = this.commit(batch);
    } catch (error) {
      for (const queued of batch) queued.reject(error);
      return;
    }
    let written = 0;
    outcomes.forEach((outcome, i) => {
      if (outcome.written) {
        written += 1;
        batch[i].resolve(outcome.value);
      } else {
        batch[i].reject(outcome.error);
      }
    });
    this.counts.commits += 1;
    this.counts.appends += written;
    if (written > 0) this.committed();
  };

  /** Commits and appends so far, and the transaction statements run for them (BEGIN, COMMIT, ROLLBACK). */
  stats(): WriteStats {
    return { ...this.counts };
  }

  private commit(batch: Queued[]): Outcome[] {
    this.run(this.sql.begin);
    try {
      const outcomes = batch.map((queued) => this.attempt(queued.write));
      this.run(this.sql.commit);
      return outcomes;
    } catch (error) {
      if (this.db.inTransaction) this.run(this.sql.rollback);
      throw error;
    }
  }

  private attempt(write: () => unknown): Outcome {
    try {
      return { written: true, value: write() };
    } catch (error) {
      // Some failures (disk full, I/O error) make SQLite roll the whole transaction back: the batch is lost.
      if (!this.db.inTransaction) throw error;
      return { written: false, error };
    }
  }

  private run(statement: Database.Statement): void {
    this.counts.statements += 1;
    statement.run();
  }
}
