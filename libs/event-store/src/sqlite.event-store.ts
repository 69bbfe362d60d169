import type Database from 'better-sqlite3';
import { type Clock, systemClock } from '@kios/dana-protocol';
import { matchesFilter } from './all-filter';
import { type AllPage, CatchUpSubscription, readAllInPages } from './all-pages';
import { assertAppendable } from './append-rules';
import { AppendSignal } from './append-signal';
import { toNewRows } from './new-rows';
import type {
  AllFilter,
  AllSubscription,
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedVersion,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeToAllOptions,
} from './event-store.port';
import type { WriteStats } from './sqlite/group-commit';
import { InlineWriter, type SqliteWriter } from './sqlite/sqlite-writer';
import { WriterThread } from './sqlite/writer-thread';
import { openEventsDatabase, type SqliteSynchronous } from './sqlite.schema';

export interface SqliteEventStoreOptions {
  clock?: Clock;
  /** See `SqliteSynchronous`; FULL by default, so an acknowledged append survives power loss (`KIOS_SQLITE_SYNC`). */
  synchronous?: SqliteSynchronous;
  /** How often an idle live subscription re-reads the file to see other processes' appends. */
  pollIntervalMs?: number;
  /** Rows fetched per query by readAll and subscriptions. */
  pageSize?: number;
  /**
   * Where the appends are committed: `thread` (the default for a file), a writer thread of the
   * store's own, so the caller's thread never waits out a commit; `inline`, on the caller's thread
   * (the only choice for `:memory:`, whose database no other connection can open).
   */
  writer?: 'thread' | 'inline';
}

/** Row as selected with `raw` + `safeIntegers`: integers arrive as bigint. */
type EventRow = [
  position: bigint,
  stream: string,
  revision: bigint,
  id: string,
  type: string,
  data: string,
  metadata: string,
  recordedAt: bigint,
];

const COLUMNS = 'position, stream, revision, id, type, data, metadata, recorded_at';
const NO_LIMIT = -1;
const MAX_REVISION = 9223372036854775807n;

/**
 * The embedded event store: one SQLite file; the appends of one event-loop turn share one
 * transaction, each still checked and answered on its own (group commit, docs/architecture.md §5),
 * committed by a writer thread while this thread reads on a connection of its own.
 */
export class SqliteEventStore implements EventStore {
  private readonly appends = new AppendSignal();
  private readonly subscriptions = new Set<AllSubscription>();
  private readonly statements;
  private readonly writer: SqliteWriter;
  /** SQL statements run on this thread's own connection: stream reads, `$all` pages, the head. */
  private readStatements = 0;

  private constructor(
    private readonly db: Database.Database,
    startWriter: (committed: () => void) => SqliteWriter,
    private readonly clock: Clock,
    private readonly pollIntervalMs: number,
    private readonly pageSize: number,
  ) {
    const select = (sql: string) => db.prepare(sql).raw(true).safeIntegers(true);
    this.statements = {
      streamForwards: select(
        `SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?`,
      ),
      streamBackwards: select(
        `SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
      ),
      allAfter: select(`SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`),
      head: db.prepare('SELECT MAX(position) FROM events').pluck().safeIntegers(true),
    };
    this.writer = startWriter(() => this.appends.notify());
  }

  /** Opens or creates the store in the file at `path` (its folder must exist). */
  static open(path: string, options: SqliteEventStoreOptions = {}): SqliteEventStore {
    const synchronous = options.synchronous ?? 'FULL';
    const db = openEventsDatabase(path, synchronous);
    const inline = path === ':memory:' || options.writer === 'inline';
    return new SqliteEventStore(
      db,
      (committed) =>
        inline ? new InlineWriter(db, committed) : WriterThread.start(path, synchronous, committed),
      options.clock ?? systemClock,
      options.pollIntervalMs ?? 100,
      options.pageSize ?? 1000,
    );
  }

  async append(stream: string, events: EventToAppend[], expected: ExpectedVersion): Promise<AppendResult> {
    assertAppendable(stream, events);
    const rows = toNewRows(events);
    const recordedAt = this.clock.now().getTime();
    return this.writer.append({ stream, rows, expected, recordedAt });
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const limit = options.maxCount ?? NO_LIMIT;
    this.readStatements += 1;
    const rows =
      options.direction === 'backwards'
        ? this.statements.streamBackwards.all(stream, options.fromRevision ?? MAX_REVISION, limit)
        : this.statements.streamForwards.all(stream, options.fromRevision ?? 0n, limit);
    return (rows as EventRow[]).map(toRecorded);
  }

  readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    return readAllInPages(this.readPage, this.pageSize, options);
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): AllSubscription {
    const subscription = new CatchUpSubscription(
      this.readPage,
      this.appends,
      { ...options, pageSize: this.pageSize, pollIntervalMs: this.pollIntervalMs },
      (closed) => this.subscriptions.delete(closed),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<Position | undefined> {
    this.readStatements += 1;
    const head = this.statements.head.get() as bigint | null;
    return head === null ? undefined : { commit: head, prepare: head };
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    await this.writer.close();
    this.db.close();
  }

  /** What the appends cost so far: commits, successful appends, SQL statements (for the bench and metrics). */
  writeStats(): WriteStats {
    return this.writer.stats();
  }

  /** What the reads cost so far: the SQL statements run on the reading connection (for the bench and metrics). */
  readStats(): { statements: number } {
    return { statements: this.readStatements };
  }

  /** `PRAGMA synchronous` of the connection that commits the appends, as SQLite reports it: 1 is NORMAL, 2 is FULL. */
  synchronousMode(): Promise<number> {
    return this.writer.synchronous();
  }

  private readonly readPage = (
    after: Position | undefined,
    filter: AllFilter | undefined,
    limit: number,
  ): AllPage => {
    this.readStatements += 1;
    const rows = this.statements.allAfter.all(after?.commit ?? 0n, limit) as EventRow[];
    const events: RecordedEvent[] = [];
    for (const row of rows) {
      if (matchesFilter(row[1], row[4], filter)) events.push(toRecorded(row));
    }
    const last = rows[rows.length - 1];
    return { events, scannedTo: last && { commit: last[0], prepare: last[0] } };
  };
}

function toRecorded([
  position,
  stream,
  revision,
  id,
  type,
  data,
  metadata,
  recordedAt,
]: EventRow): RecordedEvent {
  return {
    id,
    type,
    stream,
    revision,
    position: { commit: position, prepare: position },
    data: JSON.parse(data),
    metadata: JSON.parse(metadata),
    recordedAt: new Date(Number(recordedAt)),
  };
}
