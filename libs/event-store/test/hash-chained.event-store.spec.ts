import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ChainVerifier,
  ConcurrencyError,
  type EventStore,
  HashChainedEventStore,
  InMemoryEventStore,
  type RecordedEvent,
  SqliteEventStore,
  verifyChain,
} from '../src';
import { eventStoreContract } from './event-store.contract';

eventStoreContract('hash-chained in-memory', async () => new HashChainedEventStore(new InMemoryEventStore()));

// kios's default store: the chain must keep SQLite's behaviour too, races included.
const folder = mkdtempSync(join(tmpdir(), 'kios-hash-chain-'));
let files = 0;
afterAll(() => rmSync(folder, { recursive: true, force: true }));
eventStoreContract(
  'hash-chained sqlite',
  async () => new HashChainedEventStore(SqliteEventStore.open(join(folder, `events-${++files}.db`))),
);

/** Stands in for someone editing the store behind kios's back: rewrites events as read from the underlying store. */
function tampered(
  events: RecordedEvent[],
  revision: bigint,
  change: (event: RecordedEvent) => RecordedEvent | undefined,
): RecordedEvent[] {
  return events.flatMap((event) => {
    if (event.revision !== revision) return [event];
    const changed = change(structuredClone(event));
    return changed === undefined ? [] : [changed];
  });
}

describe('hash-chained event store', () => {
  let underlying: EventStore;
  let store: HashChainedEventStore;
  beforeEach(() => {
    underlying = new InMemoryEventStore();
    store = new HashChainedEventStore(underlying);
  });
  afterEach(() => store.close());

  const metadata = { correlationId: 'reqMsgId-1', causationId: 'reqMsgId-1' };
  const placeThreeEvents = async () => {
    await store.append(
      'order-1',
      [
        { type: 'OrderPlaced', data: { price: '1025000' }, metadata },
        { type: 'FulfilmentRequested', data: { supplierRef: 'SIM-1' }, metadata },
      ],
      'no_stream',
    );
    await store.append('order-1', [{ type: 'OrderMarkedPending', data: {}, metadata }], 'any');
    return underlying.readStream('order-1');
  };

  describe('writing', () => {
    it('links each event to the one before it, in one append and across appends', async () => {
      const stored = await placeThreeEvents();

      expect(stored[0].metadata.previousHash).toBeNull();
      expect(stored[1].metadata.previousHash).toBe(stored[0].metadata.hash);
      expect(stored[2].metadata.previousHash).toBe(stored[1].metadata.hash);
      expect(stored.map((event) => event.metadata.hash)).toEqual([
        expect.stringMatching(/^[0-9a-f]{64}$/),
        expect.stringMatching(/^[0-9a-f]{64}$/),
        expect.stringMatching(/^[0-9a-f]{64}$/),
      ]);
      expect(new Set(stored.map((event) => event.metadata.hash)).size).toBe(3);
    });

    it('keeps the writer’s metadata next to the chain keys', async () => {
      const [placed] = await placeThreeEvents();

      expect(placed.metadata).toMatchObject(metadata);
    });

    it('gives the same event in two streams different hashes', async () => {
      const id = randomUUID();
      await store.append('order-1', [{ id, type: 'OrderPlaced', data: {} }], 'no_stream');
      await store.append('order-2', [{ id: randomUUID(), type: 'OrderPlaced', data: {} }], 'no_stream');

      const [one] = await underlying.readStream('order-1');
      const [two] = await underlying.readStream('order-2');
      expect(one.metadata.hash).not.toBe(two.metadata.hash);
    });

    it('shows readers the metadata without the chain keys, in $all reads and subscriptions too', async () => {
      await placeThreeEvents();

      const [fromAll] = await collect(store.readAll({ maxCount: 1 }));
      const subscription = store.subscribeToAll();
      const fromSubscription = (await subscription[Symbol.asyncIterator]().next()).value as RecordedEvent;
      await subscription.close();
      expect(fromAll.metadata).toEqual(metadata);
      expect(fromSubscription.metadata).toEqual(metadata);
    });

    it('refuses a writer’s own hash or previousHash', async () => {
      await expect(
        store.append('order-1', [{ type: 'OrderPlaced', data: {}, metadata: { hash: 'forged' } }], 'any'),
      ).rejects.toThrow(/metadata hash is set by the hash chain/);
      expect(await underlying.readStream('order-1')).toEqual([]);
    });

    it('never forks the chain when concurrent writers append with any', async () => {
      await Promise.all(
        Array.from({ length: 20 }, (_, n) =>
          store.append('order-1', [{ type: 'CallbackAttempted', data: { attempt: n } }], 'any'),
        ),
      );

      const stored = await underlying.readStream('order-1');
      expect(stored).toHaveLength(20);
      expect(verifyChain(stored)).toEqual([]);
    });

    it('still refuses stream_exists on a missing stream, and a stale revision, as ConcurrencyErrors', async () => {
      await expect(
        store.append('order-1', [{ type: 'X', data: {} }], 'stream_exists'),
      ).rejects.toBeInstanceOf(ConcurrencyError);
      await store.append('order-1', [{ type: 'X', data: {} }], 'no_stream');
      await store.append('order-1', [{ type: 'Y', data: {} }], 0n);
      await expect(store.append('order-1', [{ type: 'Z', data: {} }], 0n)).rejects.toMatchObject({
        expected: 0n,
        actual: 1n,
      });
    });
  });

  describe('linking to the stream head', () => {
    /** The underlying store's reads of one stream, the way the chain looks up a head. */
    const headReads = () => readStreamSpy.mock.calls.filter(([, options]) => options?.maxCount === 1).length;
    let readStreamSpy: jest.SpyInstance;
    beforeEach(() => {
      readStreamSpy = jest.spyOn(underlying, 'readStream');
    });

    it('needs no read for a new stream, nor for the revision it just wrote or read', async () => {
      await store.append('order-1', [{ type: 'A', data: {} }], 'no_stream');
      await store.append('order-1', [{ type: 'B', data: {} }], 0n);
      await store.append(
        'order-1',
        [
          { type: 'C', data: {} },
          { type: 'D', data: {} },
        ],
        'any',
      );
      await store.append('order-1', [{ type: 'E', data: {} }], 3n);
      const other = new HashChainedEventStore(underlying);
      await other.readStream('order-1');
      await other.append('order-1', [{ type: 'F', data: {} }], 4n);

      expect(headReads()).toBe(0);
      const stored = await underlying.readStream('order-1');
      expect(stored.map((event) => event.type)).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
      expect(verifyChain(stored)).toEqual([]);
    });

    it('reads the head when another writer moved the stream since, and links to that one', async () => {
      const otherProcess = new HashChainedEventStore(underlying);
      await store.append('order-1', [{ type: 'A', data: {} }], 'no_stream');
      await otherProcess.append('order-1', [{ type: 'B', data: {} }], 0n);
      await otherProcess.append('order-1', [{ type: 'C', data: {} }], 1n);

      await store.append('order-1', [{ type: 'D', data: {} }], 2n);
      await expect(store.append('order-1', [{ type: 'X', data: {} }], 2n)).rejects.toBeInstanceOf(
        ConcurrencyError,
      );
      await otherProcess.append('order-1', [{ type: 'E', data: {} }], 'any');
      await store.append('order-1', [{ type: 'F', data: {} }], 'stream_exists');

      const stored = await underlying.readStream('order-1');
      expect(stored.map((event) => event.type)).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
      expect(verifyChain(stored)).toEqual([]);
    });
  });

  describe('verifyChain', () => {
    it('finds no break in a stream as written', async () => {
      expect(verifyChain(await placeThreeEvents())).toEqual([]);
    });

    it('names an event whose data was changed', async () => {
      const stored = await placeThreeEvents();

      const breaks = verifyChain(tampered(stored, 0n, (event) => ({ ...event, data: { price: '1' } })));
      expect(breaks).toEqual([
        expect.objectContaining({
          stream: 'order-1',
          revision: 0n,
          eventId: stored[0].id,
          problem: 'hash_mismatch',
        }),
      ]);
    });

    it('names an event whose type or metadata was changed', async () => {
      const stored = await placeThreeEvents();

      const retyped = verifyChain(tampered(stored, 1n, (event) => ({ ...event, type: 'OrderSucceeded' })));
      const recorrelated = verifyChain(
        tampered(stored, 2n, (event) => ({
          ...event,
          metadata: { ...event.metadata, correlationId: 'someone-else' },
        })),
      );
      expect(retyped.map((b) => [b.revision, b.problem])).toEqual([[1n, 'hash_mismatch']]);
      expect(recorrelated.map((b) => [b.revision, b.problem])).toEqual([[2n, 'hash_mismatch']]);
    });

    it('names the next event when a changed event was rehashed to look whole', async () => {
      const stored = await placeThreeEvents();
      const rehash = await chainedCopy(stored[0], { price: '1' });

      const breaks = verifyChain(tampered(stored, 0n, () => rehash));
      expect(breaks.map((b) => [b.revision, b.problem])).toEqual([[1n, 'previous_hash_mismatch']]);
    });

    it('names the gap a removed event leaves', async () => {
      const stored = await placeThreeEvents();

      const breaks = verifyChain(tampered(stored, 1n, () => undefined));
      expect(breaks).toEqual([
        expect.objectContaining({ revision: 2n, problem: 'revision_gap', detail: 'revision 1 is missing' }),
      ]);
    });

    it('names an event without a hash', async () => {
      const stored = await placeThreeEvents();

      const breaks = verifyChain(
        tampered(stored, 2n, (event) => ({ ...event, metadata: { correlationId: 'reqMsgId-1' } })),
      );
      expect(breaks.map((b) => [b.revision, b.problem])).toEqual([[2n, 'missing_hash']]);
    });

    it('checks interleaved streams in one pass, counting events and streams', async () => {
      await store.append('order-1', [{ type: 'A', data: {} }], 'any');
      await store.append('inquiry-1', [{ type: 'B', data: {} }], 'any');
      await store.append('order-1', [{ type: 'C', data: {} }], 'any');
      const verifier = new ChainVerifier();

      const breaks = (await collect(underlying.readAll())).flatMap((event) => verifier.check(event));
      expect(breaks).toEqual([]);
      expect([verifier.eventCount, verifier.streamCount]).toEqual([3, 2]);
    });
  });
});

/** The event with new data, written through a fresh chained store so it carries a valid hash of its own. */
async function chainedCopy(event: RecordedEvent, data: RecordedEvent['data']): Promise<RecordedEvent> {
  const scratch = new InMemoryEventStore();
  const { hash: _hash, previousHash: _previousHash, ...metadata } = event.metadata;
  await new HashChainedEventStore(scratch).append(
    event.stream,
    [{ id: event.id, type: event.type, data, metadata }],
    'no_stream',
  );
  const [copy] = await scratch.readStream(event.stream);
  return { ...copy, position: event.position };
}

async function collect(events: AsyncIterable<RecordedEvent>): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}
