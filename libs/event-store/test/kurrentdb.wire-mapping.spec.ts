import {
  checkpointToPosition,
  ConcurrencyError,
  positionToCheckpoint,
  type Position,
  type RecordedEvent,
} from '../src';
import { KurrentDbEventStore } from '../src/kurrentdb.event-store';
import { FakeKurrentDb } from './kurrentdb.fake-server';

const BEYOND_DOUBLE = 2n ** 53n + 1n;
const CREATED = new Date('2025-01-15T03:00:00.000Z');

describe('KurrentDB adapter wire mapping (gRPC fake)', () => {
  describe.each([
    { server: 'a server with BatchAppend (≥ 21.10)', batchAppend: true, rpc: 'BatchAppend' },
    { server: 'a server without server features', batchAppend: false, rpc: 'Append' },
  ])('against $server', ({ batchAppend, rpc }) => {
    // One fake and one client per server kind: the client's native reader takes ~0.5 s to connect.
    let fake: FakeKurrentDb;
    let store: KurrentDbEventStore;
    const retries: Error[] = [];
    let tests = 0;
    let prefix: string;
    let headBefore: Position | undefined;
    const stream = (name: string) => `${prefix}${name}`;
    const appendsTo = (name: string) => fake.appends.filter((append) => append.stream === stream(name));
    const eventsOf = (name: string) => fake.events.filter((event) => event.stream === stream(name));

    beforeAll(async () => {
      fake = await FakeKurrentDb.start({
        batchAppend,
        firstCommitPosition: 2n ** 60n + 7n,
        created: CREATED,
      });
      store = KurrentDbEventStore.connect(fake.url, {
        readPageSize: 2,
        reconnect: { initialDelayMs: 5, maxDelayMs: 20 },
        onSubscriptionRetry: (error) => retries.push(error),
      });
    });
    afterAll(async () => {
      await store.close();
      await fake.stop();
    });
    beforeEach(async () => {
      prefix = `t${++tests}-`;
      retries.length = 0;
      headBefore = await store.headPosition();
    });

    it(`sends every expected version as the client's streamState over ${rpc}`, async () => {
      await store.append(stream('order-1'), [{ type: 'OrderPlaced', data: {} }], 'no_stream');
      await store.append(stream('order-1'), [{ type: 'OrderMarkedPending', data: {} }], 0n);
      await store.append(stream('order-1'), [{ type: 'OrderSucceeded', data: {} }], 'stream_exists');
      await store.append(stream('order-1'), [{ type: 'CallbackAttempted', data: {} }], 'any');

      expect(appendsTo('order-1').map((append) => [append.rpc, append.expected])).toEqual([
        [rpc, 'no_stream'],
        [rpc, 0n],
        [rpc, 'stream_exists'],
        [rpc, 'any'],
      ]);
    });

    it('turns the server’s wrong-expected-version answer into a ConcurrencyError with both versions', async () => {
      const order = stream('order-1');
      await store.append(
        order,
        [
          { type: 'OrderPlaced', data: {} },
          { type: 'OrderSucceeded', data: {} },
        ],
        'no_stream',
      );

      await expect(store.append(order, [{ type: 'Late', data: {} }], 0n)).rejects.toEqual(
        new ConcurrencyError(order, 0n, 1n),
      );
      await expect(store.append(order, [{ type: 'Again', data: {} }], 'no_stream')).rejects.toMatchObject({
        name: 'ConcurrencyError',
        expected: 'no_stream',
        actual: 1n,
      });
      await expect(
        store.append(stream('order-2'), [{ type: 'Orphan', data: {} }], 'stream_exists'),
      ).rejects.toMatchObject({
        name: 'ConcurrencyError',
        expected: 'stream_exists',
        actual: 'no_stream',
      });
      expect(eventsOf('order-1')).toHaveLength(2);
      expect(eventsOf('order-2')).toHaveLength(0);
    });

    it('maps revisions and positions above 2^53 without losing a digit', async () => {
      fake.seed({ stream: stream('order-big'), revision: BEYOND_DOUBLE, type: 'OrderPlaced', data: '{}' });

      const result = await store.append(
        stream('order-big'),
        [{ type: 'OrderSucceeded', data: {} }],
        BEYOND_DOUBLE,
      );
      const stored = eventsOf('order-big')[1];
      expect(stored.commit).toBeGreaterThan(2n ** 60n);
      expect(result).toEqual({
        nextExpectedRevision: BEYOND_DOUBLE + 1n,
        position: { commit: stored.commit, prepare: stored.prepare },
      });

      const read = await store.readStream(stream('order-big'));
      expect(read.map((e) => e.revision)).toEqual([BEYOND_DOUBLE, BEYOND_DOUBLE + 1n]);
      expect(read[1].position).toEqual({ commit: stored.commit, prepare: stored.commit - 1n });
      expect(checkpointToPosition(positionToCheckpoint(read[1].position))).toEqual(read[1].position);
    });

    it('writes JSON with its type, content type and metadata, and reads the same back', async () => {
      const id = '8f5b8e2c-3d4a-4f6b-9c1d-2e3f4a5b6c7d';
      const data = { productId: 'PULSA-10K', amount: '10000', note: 'Terima kasih 谢谢 💸 \u2028' };
      const metadata = { correlationId: 'reqMsgId-1', schemaVersion: 1 };
      await store.append(stream('order-1'), [{ id, type: 'OrderPlaced', data, metadata }], 'no_stream');

      const [sent] = appendsTo('order-1')[0].messages;
      expect(sent.id).toBe(id);
      expect(sent.properties).toEqual({ type: 'OrderPlaced', 'content-type': 'application/json' });
      expect(sent.data.equals(Buffer.from(JSON.stringify(data), 'utf8'))).toBe(true);
      expect(JSON.parse(sent.customMetadata.toString('utf8'))).toEqual(metadata);

      const [read] = await store.readStream(stream('order-1'));
      expect(read).toMatchObject({
        id,
        type: 'OrderPlaced',
        stream: stream('order-1'),
        revision: 0n,
        data,
        metadata,
      });
      expect(read.recordedAt).toEqual(CREATED);
    });

    it('reads an event stored without metadata as {}', async () => {
      fake.seed({ stream: stream('order-1'), revision: 0n, type: 'OrderPlaced', data: '{"a":1}' });

      expect((await store.readStream(stream('order-1')))[0].metadata).toEqual({});
    });

    it('reads a stream the server does not have as []', async () => {
      expect(await store.readStream(stream('order-missing'))).toEqual([]);
    });

    it('asks for a backwards stream read from a revision with a count', async () => {
      await store.append(
        stream('s'),
        ['E0', 'E1', 'E2', 'E3'].map((type) => ({ type, data: {} })),
        'no_stream',
      );

      const read = await store.readStream(stream('s'), {
        direction: 'backwards',
        fromRevision: 2n,
        maxCount: 2,
      });

      expect(read.map((e) => e.type)).toEqual(['E2', 'E1']);
      const options = fake.reads.at(-1)!.getOptions()!;
      expect(options.getStream()!.getRevision()).toBe('2');
      expect(options.getCount()).toBe('2');
    });

    it('filters $all on the server: system events out by default, else by stream prefix or event type', async () => {
      fake.seed({ stream: '$stats-127.0.0.1:2113', revision: 0n, type: '$statistics-collected', data: '{}' });
      await store.append(stream('order-1'), [{ type: 'OrderPlaced', data: {} }], 'no_stream');
      await store.append(stream('product-1'), [{ type: 'ProductListed', data: {} }], 'no_stream');
      const lastRequestFilter = () => fake.reads.at(-1)!.getOptions()!.getFilter()!;

      const everything = await collect(store.readAll({ after: headBefore }));
      expect(lastRequestFilter().getEventType()!.getRegex()).toBe('^[^$].*');
      const products = await collect(
        store.readAll({ after: headBefore, filter: { streamPrefixes: [stream('product-')] } }),
      );
      expect(lastRequestFilter().getStreamIdentifier()!.getPrefixList()).toEqual([stream('product-')]);
      const placed = await collect(
        store.readAll({ after: headBefore, filter: { eventTypes: ['OrderPlaced', 'a.b'] } }),
      );
      expect(lastRequestFilter().getEventType()!.getRegex()).toBe('^(?:OrderPlaced|a\\.b)$');

      expect(everything.map((e) => e.type)).toEqual(['OrderPlaced', 'ProductListed']);
      expect(products.map((e) => e.type)).toEqual(['ProductListed']);
      expect(placed.map((e) => e.type)).toEqual(['OrderPlaced']);
    });

    it('pages through $all without repeating the event a page starts at', async () => {
      for (const n of [1, 2, 3, 4, 5])
        await store.append(stream(`order-${n}`), [{ type: 'OrderPlaced', data: { n } }], 'no_stream');

      const all = await collect(store.readAll({ after: headBefore }));
      const after = await collect(store.readAll({ after: all[1].position, maxCount: 2 }));

      expect(all.map((e) => e.data.n)).toEqual([1, 2, 3, 4, 5]);
      expect(after.map((e) => e.data.n)).toEqual([3, 4]);
    });

    it('resubscribes after the last delivered position when the server drops a subscription', async () => {
      await store.append(
        stream('order-1'),
        [
          { type: 'One', data: {} },
          { type: 'Two', data: {} },
        ],
        'no_stream',
      );
      const subscription = store.subscribeToAll({ after: headBefore });
      const iterator = subscription[Symbol.asyncIterator]();
      const [, second] = [
        (await iterator.next()).value as RecordedEvent,
        (await iterator.next()).value as RecordedEvent,
      ];

      fake.dropSubscriptions();
      await store.append(stream('order-1'), [{ type: 'Three', data: {} }], 1n);
      const third = (await iterator.next()).value as RecordedEvent;
      await subscription.close();

      expect(third.type).toBe('Three');
      expect(retries.length).toBeGreaterThanOrEqual(1);
      const resumedFrom = fake.reads
        .filter((r) => r.getOptions()!.hasSubscription())
        .at(-1)!
        .getOptions()!
        .getAll()!;
      expect(resumedFrom.getPosition()!.getCommitPosition()).toBe(second.position.commit.toString());
      expect(resumedFrom.getPosition()!.getPreparePosition()).toBe(second.position.prepare.toString());
    });

    it('cancels the server call when a subscription is closed', async () => {
      const subscription = store.subscribeToAll({ after: headBefore });
      const pending = subscription[Symbol.asyncIterator]().next();
      await waitUntil(() => fake.openSubscriptions === 1);

      await subscription.close();

      await expect(pending).resolves.toMatchObject({ done: true });
      await waitUntil(() => fake.openSubscriptions === 0);
    });
  });
});

async function collect(events: AsyncIterable<RecordedEvent>): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for await (const e of events) all.push(e);
  return all;
}

async function waitUntil(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
