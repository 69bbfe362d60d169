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

/** How many streams' newest hashes one store remembers (see KnownHeads). */
const KNOWN_HEADS = 10_000;

/**
 * Tamper evidence for any EventStore (issue #7): every event's metadata gets `hash`, a sha256 over
 * its stream, revision, id, type, data and metadata and the `previousHash` of the event before it
 * in its stream, so editing, removing or reordering a stored event breaks the chain
 * (see verifyChain). Readers through this store see the metadata exactly as it was written, so it
 * keeps the port's behaviour; `underlying` reads the events as stored, chain keys included.
 *
 * Linking an event needs the hash of the stream's newest one. An append with an exact revision
 * takes it from what this store last wrote or read of the stream when that was the revision the
 * writer expects, and reads the stream only otherwise; an append with 'no_stream' needs none.
 */
export class HashChainedEventStore implements EventStore {
  private readonly knownHeads = new KnownHeads(KNOWN_HEADS);

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
    // raced us still gets the ConcurrencyError it would get without the chain. That check is also
    // what makes a remembered head safe to link to: the append only succeeds if it still is the head.
    const head = expected === 'no_stream' ? undefined : await this.headAt(stream, expected);
    return this.appendChained(stream, withIds, head, expected);
  }

  async readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    const stored = await this.underlying.readStream(stream, options);
    const newest = stored.reduce<RecordedEvent | undefined>(
      (found, event) => (found === undefined || event.revision > found.revision ? event : found),
      undefined,
    );
    if (newest) this.knownHeads.saw(stream, chainHeadOf(newest));
    return stored.map(withoutChain);
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
      // The first try guesses the head this store knows; a wrong guess is a ConcurrencyError, then it reads.
      const head = (attempt === 1 ? this.knownHeads.get(stream) : undefined) ?? (await this.readHead(stream));
      if (head === undefined && expected === 'stream_exists') {
        throw new ConcurrencyError(stream, expected, 'no_stream');
      }
      try {
        return await this.appendChained(stream, events, head, head?.revision ?? 'no_stream');
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || attempt >= MAX_PINNED_APPEND_ATTEMPTS) throw error;
      }
    }
  }

  /** The head to link to when the writer expects `revision`: remembered when it is that one, else read. */
  private async headAt(stream: string, revision: bigint): Promise<ChainHead | undefined> {
    const known = this.knownHeads.get(stream);
    return known?.revision === revision ? known : this.readHead(stream);
  }

  private async readHead(stream: string): Promise<ChainHead | undefined> {
    const [newest] = await this.underlying.readStream(stream, { direction: 'backwards', maxCount: 1 });
    return newest && chainHeadOf(newest);
  }

  private async appendChained(
    stream: string,
    events: WithId[],
    head: ChainHead | undefined,
    expected: ExpectedVersion,
  ): Promise<AppendResult> {
    const linked = chained(stream, events, head);
    try {
      const result = await this.underlying.append(stream, linked, expected);
      const newest = linked[linked.length - 1].metadata!;
      this.knownHeads.saw(stream, { revision: result.nextExpectedRevision, hash: newest.hash as string });
      return result;
    } catch (error) {
      if (error instanceof ConcurrencyError) this.knownHeads.forget(stream);
      throw error;
    }
  }
}

type WithId = EventToAppend & { id: string };

/** What linking the next event of a stream needs of its newest one. */
interface ChainHead {
  revision: bigint;
  /** Null for an event written before the chain existed (see `chained`). */
  hash: string | null;
}

function chainHeadOf(event: RecordedEvent): ChainHead {
  return { revision: event.revision, hash: storedHash(event.metadata) ?? null };
}

/**
 * The newest event of recently used streams, as this store wrote or read them, least recently used
 * forgotten first. An entry is a fact about a stored event (revision r has hash h), which never
 * changes; whether r is still the head is for the underlying store's expected-version check to say.
 */
class KnownHeads {
  private readonly heads = new Map<string, ChainHead>();

  constructor(private readonly capacity: number) {}

  get(stream: string): ChainHead | undefined {
    return this.heads.get(stream);
  }

  /** Keeps `head` unless a newer one of the stream is known already. */
  saw(stream: string, head: ChainHead): void {
    const known = this.heads.get(stream);
    if (known && known.revision > head.revision) return;
    this.heads.delete(stream);
    this.heads.set(stream, head);
    if (this.heads.size > this.capacity) this.heads.delete(this.heads.keys().next().value!);
  }

  forget(stream: string): void {
    this.heads.delete(stream);
  }
}

/** The events as they will be stored after `head`, each linked to the one before it. */
function chained(stream: string, events: WithId[], head: ChainHead | undefined): EventToAppend[] {
  // An event written before the chain existed has no hash: its successor links to null, and
  // verification names the unhashed event itself.
  let previousHash = head === undefined ? null : head.hash;
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
