import { Pool } from 'pg';
import { type Clock, systemClock } from '@kios/dana-protocol';
import { CatchUpSubscription, readAllInPages } from './all-pages';
import { assertAppendable } from './append-rules';
import { AppendSignal } from './append-signal';
import type {
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
import { toNewRows } from './new-rows';
import { AppendWakeups } from './postgres/append-wakeups';
import { PostgresAppender } from './postgres/postgres-append';
import { postgresLocation } from './postgres/postgres-location';
import { migrate } from './postgres/postgres.migrations';
import { PostgresReads } from './postgres/postgres-reads';

export interface PostgresEventStoreOptions {
  clock?: Clock;
  /** Connections for appends and reads; one more listens for other processes' appends. */
  poolSize?: number;
  /**
   * How often an idle live subscription reads again although no NOTIFY woke it: the fallback for
   * an announcement lost with a broken LISTEN connection (docs/architecture.md §5).
   */
  pollIntervalMs?: number;
  /** Rows fetched per query by readAll and subscriptions. */
  pageSize?: number;
}

/**
 * The event store on PostgreSQL (`KIOS_EVENT_STORE=postgres://…[?schema=name]`), shared by several
 * kios processes: streams with optimistic concurrency (postgres-append.ts), a global order that no
 * reader can skip past while an older append is still open (postgres-reads.ts), LISTEN/NOTIFY to wake
 * live subscriptions (append-wakeups.ts), versioned migrations (postgres.migrations.ts).
 * docs/architecture.md §5.
 */
export class PostgresEventStore implements EventStore {
  private readonly subscriptions = new Set<AllSubscription>();
  private readonly appender: PostgresAppender;
  private readonly reads: PostgresReads;

  private constructor(
    private readonly pool: Pool,
    schema: string,
    private readonly appends: AppendSignal,
    private readonly wakeups: AppendWakeups,
    private readonly clock: Clock,
    private readonly pollIntervalMs: number,
    private readonly pageSize: number,
  ) {
    this.appender = new PostgresAppender(pool, schema);
    this.reads = new PostgresReads(pool, schema);
  }

  /** Connects, creates or migrates the schema's tables, and starts listening for appends. */
  static async open(url: string, options: PostgresEventStoreOptions = {}): Promise<PostgresEventStore> {
    const { connectionString, schema, channel } = postgresLocation(url);
    const pool = new Pool({ connectionString, max: options.poolSize ?? 10 });
    // A pooled connection that breaks while idle is dropped by the pool; the next query opens another.
    pool.on('error', () => undefined);
    try {
      await migrate(pool, schema);
      const appends = new AppendSignal();
      const wakeups = await AppendWakeups.start(pool, { connectionString }, channel, appends);
      return new PostgresEventStore(
        pool,
        schema,
        appends,
        wakeups,
        options.clock ?? systemClock,
        options.pollIntervalMs ?? 1000,
        options.pageSize ?? 1000,
      );
    } catch (error) {
      await pool.end();
      throw error;
    }
  }

  async append(stream: string, events: EventToAppend[], expected: ExpectedVersion): Promise<AppendResult> {
    assertAppendable(stream, events);
    const result = await this.appender.append(stream, toNewRows(events), expected, this.clock.now());
    this.wakeups.appended();
    return result;
  }

  readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return this.reads.readStream(stream, options);
  }

  readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    return readAllInPages(this.reads.readPage, this.pageSize, options);
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): AllSubscription {
    const subscription = new CatchUpSubscription(
      this.reads.readPage,
      this.appends,
      { ...options, pageSize: this.pageSize, pollIntervalMs: this.pollIntervalMs },
      (closed) => this.subscriptions.delete(closed),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  headPosition(): Promise<Position | undefined> {
    return this.reads.head();
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    await this.wakeups.close();
    await this.pool.end();
  }
}
