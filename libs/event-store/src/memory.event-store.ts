import { randomUUID } from 'node:crypto';
import { type Clock, systemClock } from '@kios/dana-protocol';
import { matchesFilter } from './all-filter';
import { type AllPage, CatchUpSubscription, readAllInPages } from './all-pages';
import { assertAppendable, assertExpectedVersion } from './append-rules';
import { AppendSignal } from './append-signal';
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

export interface InMemoryEventStoreOptions {
  clock?: Clock;
}

/** Payloads are kept as JSON text so readers get fresh copies and the same serialisation as durable stores. */
interface StoredEvent {
  id: string;
  type: string;
  stream: string;
  revision: bigint;
  position: Position;
  data: string;
  metadata: string;
  recordedAt: number;
}

const PAGE_SIZE = 1000;

/** The whole port in memory, for unit tests; one instance is one store, gone when dropped. */
export class InMemoryEventStore implements EventStore {
  private readonly log: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly appends = new AppendSignal();
  private readonly subscriptions = new Set<AllSubscription>();
  private readonly clock: Clock;
  private closed = false;

  constructor(options: InMemoryEventStoreOptions = {}) {
    this.clock = options.clock ?? systemClock;
  }

  async append(stream: string, events: EventToAppend[], expected: ExpectedVersion): Promise<AppendResult> {
    this.assertOpen();
    assertAppendable(stream, events);
    const existing = this.streams.get(stream) ?? [];
    assertExpectedVersion(stream, expected, existing.length === 0 ? undefined : BigInt(existing.length - 1));
    const recordedAt = this.clock.now().getTime();
    for (const event of events) {
      const sequence = BigInt(this.log.length + 1);
      const stored: StoredEvent = {
        id: event.id ?? randomUUID(),
        type: event.type,
        stream,
        revision: BigInt(existing.length),
        position: { commit: sequence, prepare: sequence },
        data: JSON.stringify(event.data),
        metadata: JSON.stringify(event.metadata ?? {}),
        recordedAt,
      };
      existing.push(stored);
      this.log.push(stored);
    }
    this.streams.set(stream, existing);
    this.appends.notify();
    const last = existing[existing.length - 1];
    return { nextExpectedRevision: last.revision, position: last.position };
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const events = this.streams.get(stream) ?? [];
    const maxCount = options.maxCount ?? events.length;
    if (options.direction === 'backwards') {
      const from = Number(options.fromRevision ?? BigInt(events.length - 1));
      const end = Math.min(from, events.length - 1) + 1;
      return events
        .slice(Math.max(0, end - maxCount), end)
        .reverse()
        .map(toRecorded);
    }
    const from = Number(options.fromRevision ?? 0n);
    return events.slice(from, from + maxCount).map(toRecorded);
  }

  readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    this.assertOpen();
    return readAllInPages(this.readPage, PAGE_SIZE, options);
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): AllSubscription {
    this.assertOpen();
    const subscription = new CatchUpSubscription(
      this.readPage,
      this.appends,
      { ...options, pageSize: PAGE_SIZE },
      (closed) => this.subscriptions.delete(closed),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<Position | undefined> {
    this.assertOpen();
    return this.log[this.log.length - 1]?.position;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
  }

  private readonly readPage = (
    after: Position | undefined,
    filter: AllFilter | undefined,
    limit: number,
  ): AllPage => {
    this.assertOpen();
    // Positions are 1-based log sequence numbers, so the event after position p sits at index p.
    const start = after === undefined ? 0 : Number(after.commit);
    const slice = this.log.slice(start, start + limit);
    return {
      events: slice.filter((event) => matchesFilter(event.stream, event.type, filter)).map(toRecorded),
      scannedTo: slice[slice.length - 1]?.position,
    };
  };

  private assertOpen(): void {
    if (this.closed) throw new Error('the in-memory event store is closed');
  }
}

function toRecorded(event: StoredEvent): RecordedEvent {
  return {
    id: event.id,
    type: event.type,
    stream: event.stream,
    revision: event.revision,
    position: event.position,
    data: JSON.parse(event.data),
    metadata: JSON.parse(event.metadata),
    recordedAt: new Date(event.recordedAt),
  };
}
