import type Database from 'better-sqlite3';
import type { AppendResult, ExpectedVersion } from '../event-store.port';
import type { NewRow } from '../new-rows';
import { GroupCommit, type WriteStats } from './group-commit';
import { SqliteAppender } from './sqlite-append';

/** One append as the writer receives it: already checked for shape, its events already serialised. */
export interface RowAppend {
  stream: string;
  rows: NewRow[];
  expected: ExpectedVersion;
  recordedAt: number;
}

/**
 * Who writes an SQLite event store's appends (docs/architecture.md §5): the store's own connection
 * on the thread the store runs in (InlineWriter), or a connection of its own on a thread of its own
 * (WriterThread). Either way the appends of one turn share one transaction, each answered on its own.
 */
export interface SqliteWriter {
  /** Settles once the append's transaction has committed: its result, or the reason it alone failed. */
  append(append: RowAppend): Promise<AppendResult>;
  /** Commits and appends so far, and the SQL statements they ran. */
  stats(): WriteStats;
  /** `PRAGMA synchronous` of the connection that commits, as SQLite reports it: 1 is NORMAL, 2 is FULL. */
  synchronous(): Promise<number>;
  /** Commits what is queued and lets the connection go. */
  close(): Promise<void>;
}

/** The appends run by GroupCommit on a connection this thread owns (synchronous: this thread waits out each commit). */
export class InlineWriter implements SqliteWriter {
  private readonly appender: SqliteAppender;
  private readonly batches: GroupCommit;

  constructor(
    private readonly db: Database.Database,
    /** Called once per committed batch in which at least one append succeeded. */
    committed: () => void,
  ) {
    this.appender = new SqliteAppender(db);
    this.batches = new GroupCommit(db, committed);
  }

  append({ stream, rows, expected, recordedAt }: RowAppend): Promise<AppendResult> {
    return this.batches.submit(() => this.appender.append(stream, rows, expected, recordedAt));
  }

  stats(): WriteStats {
    const batches = this.batches.stats();
    return { ...batches, statements: batches.statements + this.appender.statements };
  }

  async synchronous(): Promise<number> {
    return this.db.pragma('synchronous', { simple: true }) as number;
  }

  async close(): Promise<void> {
    this.batches.flush();
  }
}
