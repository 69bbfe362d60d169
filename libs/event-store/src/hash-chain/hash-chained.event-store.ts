import { randomUUID } from 'node:crypto';
import { assertAppendable } from '../append-rules';
import { ConcurrencyError } from '../concurrency.error';
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
} from '../event-store.port';
import { CHAIN_KEYS, eventHash, storedHash, withoutChainKeys } from './event-hash';

/**
 * Appends for 'any' and 'stream_exists' pin the revision they read so the chain cannot fork; losing
 * that race this many times in a row means something else is wrong, not that the stream is busy.
 */
const MAX_PINNED_APPEND_ATTEMPTS = 100;

/**
 * Tamper evidence for any EventStore (issue #7): every event's metadata gets `hash`, a sha256 over
 * its stream, revision, id, type, data and metadata and the `previousHash` of the event before it
 * in its stream, so editing, removing or reordering a stored event breaks the chain
 * (see verifyChain). Readers through this store see the metadata exactly as it was written, so it
 * keeps the port's behaviour; `underlying` reads the events as stored, chain keys included.
 */
export class HashChainedEventStore implements EventStore {
  constructor(readonly underlying: EventStore) {}

  async append(stream: string, events: EventToAppend[], expected: ExpectedVersion): Promise<AppendResult> {
    assertAppendable(stream, events);
    assertNoChainKeys(stream, events);
    // The id is part of the hash, so it must be fixed before the store would pick one.
    const withIds = events.map((event) => ({ ...event, id: event.id ?? randomUUID() }));
    if (expected === 'any' || expected === 'stream_exists') {
      return this.appendAtHead(stream, withIds, expected);
    }
    // 'no_stream' and an exact revision: the underlying store's check decides, so a writer that
    // raced us still gets the ConcurrencyError it would get without the chain.
    const head = await this.head(stream);
    return this.underlying.append(stream, chained(stream, withIds, head), expected);
  }

  async readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return (await this.underlying.readStream(stream, options)).map(withoutChain);
  }

  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    return mapEvents(this.underlying.readAll(options));
  }

  subscribeToAll(options?: SubscribeToAllOptions): AllSubscription {
    const subscription = this.underlying.subscribeToAll(options);
    return Object.assign(mapEvents(subscription), { close: () => subscription.close() });
  }

  headPosition(): Promise<Position | undefined> {
    return this.underlying.headPosition();
  }

  close(): Promise<void> {
    return this.underlying.close();
  }

  /** Appends after the stream's newest event, expecting exactly that one, and tries again if another writer got in first. */
  private async appendAtHead(
    stream: string,
    events: WithId[],
    expected: 'any' | 'stream_exists',
  ): Promise<AppendResult> {
    for (let attempt = 1; ; attempt += 1) {
      const head = await this.head(stream);
      if (head === undefined && expected === 'stream_exists') {
        throw new ConcurrencyError(stream, expected, 'no_stream');
      }
      try {
        return await this.underlying.append(
          stream,
          chained(stream, events, head),
          head?.revision ?? 'no_stream',
        );
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || attempt >= MAX_PINNED_APPEND_ATTEMPTS) throw error;
      }
    }
  }

  private async head(stream: string): Promise<RecordedEvent | undefined> {
    const [newest] = await this.underlying.readStream(stream, { direction: 'backwards', maxCount: 1 });
    return newest;
  }
}

type WithId = EventToAppend & { id: string };

/** The events as they will be stored after `head`, each linked to the one before it. */
function chained(stream: string, events: WithId[], head: RecordedEvent | undefined): EventToAppend[] {
  // An event written before the chain existed has no hash: its successor links to null, and
  // verification names the unhashed event itself.
  let previousHash = head === undefined ? null : (storedHash(head.metadata) ?? null);
  let revision = head === undefined ? 0n : head.revision + 1n;
  return events.map((event) => {
    const metadata = event.metadata ?? {};
    const hash = eventHash({
      previousHash,
      stream,
      revision,
      id: event.id,
      type: event.type,
      data: event.data,
      metadata,
    });
    const linked = { ...event, metadata: { ...metadata, hash, previousHash } };
    previousHash = hash;
    revision += 1n;
    return linked;
  });
}

function assertNoChainKeys(stream: string, events: EventToAppend[]): void {
  for (const event of events) {
    const taken = CHAIN_KEYS.filter((key) => event.metadata?.[key] !== undefined);
    if (taken.length > 0) {
      throw new Error(
        `event ${event.type} for stream ${stream}: metadata ${taken.join(', ')} is set by the hash chain, not by writers`,
      );
    }
  }
}

function withoutChain(event: RecordedEvent): RecordedEvent {
  return { ...event, metadata: withoutChainKeys(event.metadata) };
}

function mapEvents(events: AsyncIterable<RecordedEvent>): AsyncIterable<RecordedEvent> {
  return {
    async *[Symbol.asyncIterator]() {
      for await (const event of events) yield withoutChain(event);
    },
  };
}
