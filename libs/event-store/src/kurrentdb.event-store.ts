import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import {
  type AllStreamSubscription,
  BACKWARDS,
  END,
  excludeSystemEvents,
  FORWARDS,
  jsonEvent,
  KurrentDBClient,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import { assertAppendable } from './append-rules';
import { ConcurrencyError } from './concurrency.error';
import {
  type AllSubscription,
  type AppendResult,
  comparePositions,
  type EventStore,
  type EventToAppend,
  type ExpectedVersion,
  type Position,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeToAllOptions,
} from './event-store.port';
import {
  isKiosEvent,
  isTransient,
  toRecorded,
  toServerFilter,
  toStreamState,
} from './kurrentdb.wire-mapping';

export interface ReconnectOptions {
  /** First wait after a transient failure; doubled after each failure in a row. */
  initialDelayMs: number;
  maxDelayMs: number;
}

export interface KurrentDbEventStoreOptions {
  /** Events fetched per request by readAll. */
  readPageSize?: number;
  /** Backoff of a live subscription that lost its server. */
  reconnect?: Partial<ReconnectOptions>;
  /** Told about each transient subscription failure before the retry (for logging). */
  onSubscriptionRetry?: (error: Error, delayMs: number) => void;
}

/** The production store: KurrentDB (EventStoreDB) through its official gRPC client (docs/architecture.md §5). */
export class KurrentDbEventStore implements EventStore {
  private readonly subscriptions = new Set<AllSubscription>();
  private readonly readPageSize: number;
  private readonly reconnect: ReconnectOptions;

  constructor(
    private readonly client: KurrentDBClient,
    private readonly options: KurrentDbEventStoreOptions = {},
  ) {
    this.readPageSize = options.readPageSize ?? 500;
    this.reconnect = { initialDelayMs: 100, maxDelayMs: 5000, ...options.reconnect };
  }

  /** `kurrentdb://host:2113?tls=false` and the client's other connection-string forms. */
  static connect(connectionString: string, options?: KurrentDbEventStoreOptions): KurrentDbEventStore {
    return new KurrentDbEventStore(KurrentDBClient.connectionString(connectionString), options);
  }

  async append(stream: string, events: EventToAppend[], expected: ExpectedVersion): Promise<AppendResult> {
    assertAppendable(stream, events);
    const proposed = events.map((event) =>
      jsonEvent({
        id: event.id ?? randomUUID(),
        type: event.type,
        data: event.data,
        metadata: event.metadata ?? {},
      }),
    );
    try {
      // `streamState` is the client's concurrency option; it silently ignores the old `expectedRevision`.
      const result = await this.client.appendToStream(stream, proposed, {
        streamState: toStreamState(expected),
      });
      if (!result.position)
        throw new Error(`KurrentDB did not report the position of the append to ${stream}`);
      return { nextExpectedRevision: result.nextExpectedRevision, position: result.position };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError)
        throw new ConcurrencyError(stream, expected, error.actualState);
      throw error;
    }
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(stream, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision: options.fromRevision ?? (backwards ? END : START),
        maxCount: options.maxCount,
      })) {
        if (resolved.event) events.push(toRecorded(resolved.event));
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  async *readAll({
    after,
    maxCount = Number.POSITIVE_INFINITY,
    filter,
  }: ReadAllOptions = {}): AsyncGenerator<RecordedEvent> {
    let cursor = after;
    let remaining = maxCount;
    const serverFilter = toServerFilter(filter);
    // A filtered page may hold fewer events than asked for without being the last, so paging stops only
    // at a page with nothing new. Pages start at the cursor itself (reads are inclusive), hence the skip.
    for (let advanced = true; advanced && remaining > 0;) {
      advanced = false;
      for await (const resolved of this.client.readAll({
        fromPosition: cursor ?? START,
        maxCount: this.readPageSize,
        filter: serverFilter,
      })) {
        const event = resolved.event;
        if (!event?.position || (cursor && comparePositions(event.position, cursor) <= 0)) continue;
        advanced = true;
        cursor = event.position;
        if (!isKiosEvent(event, filter)) continue;
        yield toRecorded(event);
        if (--remaining <= 0) return;
      }
    }
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): AllSubscription {
    const subscription = new KurrentDbAllSubscription(
      this.client,
      options,
      this.reconnect,
      this.options.onSubscriptionRetry,
      (closed) => this.subscriptions.delete(closed),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<Position | undefined> {
    for await (const resolved of this.client.readAll({
      direction: BACKWARDS,
      fromPosition: END,
      maxCount: 1,
      filter: excludeSystemEvents(),
    })) {
      if (resolved.event?.position) return resolved.event.position;
    }
    return undefined;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    await this.client.dispose();
  }
}

/**
 * A catch-up subscription to $all that survives server restarts and leader changes: on a transient
 * failure it waits (exponential backoff) and resubscribes after the last position it delivered.
 */
class KurrentDbAllSubscription implements AllSubscription {
  private closed = false;
  private readonly abort = new AbortController();
  private current?: AllStreamSubscription;
  private readonly events: AsyncGenerator<RecordedEvent>;

  constructor(
    private readonly client: KurrentDBClient,
    private readonly options: SubscribeToAllOptions,
    private readonly reconnect: ReconnectOptions,
    private readonly onRetry: ((error: Error, delayMs: number) => void) | undefined,
    private readonly onClose: (subscription: KurrentDbAllSubscription) => void,
  ) {
    this.events = this.run();
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return this.events;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.abort.abort();
    this.onClose(this);
    await this.stopCurrent();
  }

  private async *run(): AsyncGenerator<RecordedEvent> {
    let cursor = this.options.after;
    let failuresInARow = 0;
    try {
      while (!this.closed) {
        let failure: Error;
        try {
          this.current = this.client.subscribeToAll({
            fromPosition: cursor ?? START,
            filter: toServerFilter(this.options.filter),
          });
          for await (const resolved of this.current) {
            const event = resolved.event;
            // After a resubscribe the server may replay the position it resumed from; never repeat it.
            if (!event?.position || (cursor && comparePositions(event.position, cursor) <= 0)) continue;
            failuresInARow = 0;
            cursor = event.position;
            if (!isKiosEvent(event, this.options.filter)) continue;
            yield toRecorded(event);
            if (this.closed) return;
          }
          failure = new Error('the server ended the subscription');
        } catch (error) {
          if (this.closed) return;
          if (!isTransient(error)) throw error;
          failure = error;
        } finally {
          await this.stopCurrent();
        }
        if (this.closed) return;
        const wait = Math.min(this.reconnect.initialDelayMs * 2 ** failuresInARow, this.reconnect.maxDelayMs);
        failuresInARow += 1;
        this.onRetry?.(failure, wait);
        try {
          await delay(wait, undefined, { signal: this.abort.signal });
        } catch {
          return; // closed while waiting
        }
      }
    } finally {
      await this.close();
    }
  }

  private async stopCurrent(): Promise<void> {
    const current = this.current;
    this.current = undefined;
    if (!current) return;
    await current.unsubscribe().catch(() => undefined);
    current.destroy();
  }
}
