// Long on purpose: the contract of the EventStore port, every behaviour each adapter (memory, SQLite, PostgreSQL, KurrentDB) must show, in one suite.
import { randomBytes, randomUUID } from 'node:crypto';
import {
  checkpointToPosition,
  comparePositions,
  ConcurrencyError,
  type EventMetadata,
  type EventStore,
  type EventToAppend,
  type ExpectedVersion,
  type JsonObject,
  type Position,
  positionToCheckpoint,
  type RecordedEvent,
} from '../src';

export interface ContractOptions {
  /** False for a shared server that already holds events (KurrentDB): skips the empty-store case. */
  startsEmpty?: boolean;
}

const LIVE_EVENT_TIMEOUT_MS = 5000;

/**
 * Every behaviour of the EventStore port, specified once.
 * Streams get a fresh prefix per test and $all reads start at the head seen before the test, so the
 * suite also runs against a long-lived shared server.
 */
export function eventStoreContract(
  name: string,
  open: () => Promise<EventStore>,
  { startsEmpty = true }: ContractOptions = {},
): void {
  describe(`${name} event store (contract)`, () => {
    let store: EventStore;
    let prefix: string;
    let headBefore: Position | undefined;
    const stream = (name: string) => `${prefix}${name}`;

    beforeEach(async () => {
      store = await open();
      prefix = `contract${randomUUID().slice(0, 8)}-`;
      headBefore = await store.headPosition();
    });
    afterEach(() => store.close());

    const appendOne = (
      name: string,
      type = 'Happened',
      data: JsonObject = {},
      expected: ExpectedVersion = 'any',
    ) => store.append(stream(name), [{ type, data }], expected);

    /** Events of this test only, read from $all after the head seen before it. */
    const readOwnEvents = async (
      options: { after?: Position; streamPrefixes?: string[]; eventTypes?: string[] } = {},
    ) => {
      const events = await collect(
        store.readAll({
          after: options.after ?? headBefore,
          filter: { streamPrefixes: options.streamPrefixes ?? [prefix], eventTypes: options.eventTypes },
        }),
      );
      return events;
    };

    const expectConcurrencyError = async (
      attempt: Promise<unknown>,
      expected: ExpectedVersion,
      actual: bigint | 'no_stream',
      streamName: string,
    ) => {
      const error = await attempt.then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(ConcurrencyError);
      expect(error).toMatchObject({ stream: streamName, expected, actual });
    };

    describe('append with an expected version', () => {
      it('creates a stream with no_stream; revisions are 0-based bigints', async () => {
        const result = await store.append(stream('a'), [event('One'), event('Two')], 'no_stream');

        expect(result.nextExpectedRevision).toBe(1n);
        const read = await store.readStream(stream('a'));
        expect(read.map((e) => e.revision)).toEqual([0n, 1n]);
        expect(typeof read[0].revision).toBe('bigint');
        expect(read.map((e) => e.type)).toEqual(['One', 'Two']);
        expect(read.every((e) => e.stream === stream('a'))).toBe(true);
      });

      it('refuses no_stream when the stream exists, reporting its last revision', async () => {
        await store.append(stream('a'), [event('One'), event('Two')], 'no_stream');

        await expectConcurrencyError(
          store.append(stream('a'), [event('Three')], 'no_stream'),
          'no_stream',
          1n,
          stream('a'),
        );
      });

      it('appends with any whether or not the stream exists', async () => {
        await store.append(stream('a'), [event('One')], 'any');
        const result = await store.append(stream('a'), [event('Two')], 'any');

        expect(result.nextExpectedRevision).toBe(1n);
        expect((await store.readStream(stream('a'))).map((e) => e.type)).toEqual(['One', 'Two']);
      });

      it('appends with stream_exists to an existing stream', async () => {
        await appendOne('a');
        const result = await store.append(stream('a'), [event('Two')], 'stream_exists');

        expect(result.nextExpectedRevision).toBe(1n);
      });

      it('refuses stream_exists on a missing stream, reporting no_stream', async () => {
        await expectConcurrencyError(
          store.append(stream('missing'), [event('One')], 'stream_exists'),
          'stream_exists',
          'no_stream',
          stream('missing'),
        );
      });

      it('appends with the exact last revision', async () => {
        await store.append(stream('a'), [event('One'), event('Two')], 'no_stream');
        const result = await store.append(stream('a'), [event('Three')], 1n);

        expect(result.nextExpectedRevision).toBe(2n);
      });

      it('refuses a stale revision, reporting expected and actual', async () => {
        await store.append(stream('a'), [event('One'), event('Two')], 'no_stream');

        await expectConcurrencyError(store.append(stream('a'), [event('Three')], 0n), 0n, 1n, stream('a'));
      });

      it('refuses an exact revision on a missing stream, reporting no_stream', async () => {
        await expectConcurrencyError(
          store.append(stream('missing'), [event('One')], 0n),
          0n,
          'no_stream',
          stream('missing'),
        );
      });

      it('writes nothing when the expected version is wrong', async () => {
        await appendOne('a', 'One');
        await store.append(stream('a'), [event('Two'), event('Three')], 5n).catch(() => undefined);

        expect((await store.readStream(stream('a'))).map((e) => e.type)).toEqual(['One']);
      });

      it('lets exactly one of two concurrent no_stream appends win, 50 times in a row', async () => {
        for (let round = 0; round < 50; round += 1) {
          const name = stream(`race-${round}`);
          const outcomes = await Promise.allSettled([
            store.append(name, [event('First')], 'no_stream'),
            store.append(name, [event('Second')], 'no_stream'),
          ]);

          expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
          const loser = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
          expect(loser?.reason).toBeInstanceOf(ConcurrencyError);
          expect(loser?.reason).toMatchObject({ expected: 'no_stream', actual: 0n });
          expect(await store.readStream(name)).toHaveLength(1);
        }
      });

      it('refuses an empty list of events', async () => {
        await expect(store.append(stream('a'), [], 'any')).rejects.toThrow(/empty/);
      });

      it('keeps the ids it is given and gives every other event a uuid', async () => {
        const id = randomUUID();
        await store.append(stream('a'), [{ id, type: 'Given', data: {} }, event('Generated')], 'no_stream');

        const [given, generated] = await store.readStream(stream('a'));
        expect(given.id).toBe(id);
        expect(generated.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
      });

      it('reports the position the event was stored at', async () => {
        const result = await appendOne('a');

        const [stored] = await store.readStream(stream('a'));
        expect(result.position).toEqual(stored.position);
      });
    });

    describe('readStream', () => {
      beforeEach(() =>
        store.append(
          stream('s'),
          ['E0', 'E1', 'E2', 'E3', 'E4'].map((type) => event(type)),
          'no_stream',
        ),
      );
      const types = (events: RecordedEvent[]) => events.map((e) => e.type);

      it('reads forwards from the start', async () => {
        expect(types(await store.readStream(stream('s')))).toEqual(['E0', 'E1', 'E2', 'E3', 'E4']);
      });

      it('reads backwards from the end', async () => {
        expect(types(await store.readStream(stream('s'), { direction: 'backwards' }))).toEqual([
          'E4',
          'E3',
          'E2',
          'E1',
          'E0',
        ]);
      });

      it('reads forwards from a revision, at most maxCount events', async () => {
        const read = await store.readStream(stream('s'), { fromRevision: 2n, maxCount: 2 });

        expect(types(read)).toEqual(['E2', 'E3']);
        expect(read.map((e) => e.revision)).toEqual([2n, 3n]);
      });

      it('reads backwards from a revision, at most maxCount events', async () => {
        expect(
          types(
            await store.readStream(stream('s'), { direction: 'backwards', fromRevision: 3n, maxCount: 2 }),
          ),
        ).toEqual(['E3', 'E2']);
      });

      it('stops at the end of the stream when maxCount reaches beyond it', async () => {
        expect(types(await store.readStream(stream('s'), { fromRevision: 3n, maxCount: 10 }))).toEqual([
          'E3',
          'E4',
        ]);
      });

      it('reads the newest event with backwards and maxCount 1', async () => {
        expect(types(await store.readStream(stream('s'), { direction: 'backwards', maxCount: 1 }))).toEqual([
          'E4',
        ]);
      });

      it('reads a missing stream as an empty list', async () => {
        expect(await store.readStream(stream('missing'))).toEqual([]);
        expect(await store.readStream(stream('missing'), { direction: 'backwards' })).toEqual([]);
      });
    });

    describe('readAll', () => {
      let appended: AppendedEvent[];
      beforeEach(async () => {
        appended = await appendInOrder(store, [
          [stream('order-1'), 'OrderPlaced'],
          [stream('product-1'), 'ProductListed'],
          [stream('order-1'), 'OrderSucceeded'],
          [stream('order-2'), 'OrderPlaced'],
        ]);
      });

      it('reads every stream in global (append) order', async () => {
        const all = await collect(store.readAll({ after: headBefore }));
        const own = all.filter((e) => e.stream.startsWith(prefix));

        expect(own.map((e) => e.id)).toEqual(appended.map((e) => e.id));
        expectStrictlyIncreasing(own.map((e) => e.position));
      });

      it('reads strictly after a position', async () => {
        const [, second] = await readOwnEvents();

        const after = await readOwnEvents({ after: second.position });
        expect(after.map((e) => e.id)).toEqual(appended.slice(2).map((e) => e.id));
      });

      it('keeps only streams that start with a given prefix', async () => {
        const orders = await readOwnEvents({ streamPrefixes: [stream('order-')] });

        expect(orders.map((e) => e.stream)).toEqual([
          stream('order-1'),
          stream('order-1'),
          stream('order-2'),
        ]);
      });

      it('keeps only the given event types', async () => {
        const placed = await readOwnEvents({ eventTypes: ['OrderPlaced', 'ProductListed'] });

        expect(placed.map((e) => e.type)).toEqual(['OrderPlaced', 'ProductListed', 'OrderPlaced']);
      });

      it('applies a prefix and an event type filter together', async () => {
        const placedOrders = await readOwnEvents({
          streamPrefixes: [stream('order-')],
          eventTypes: ['OrderPlaced'],
        });

        expect(placedOrders.map((e) => e.stream)).toEqual([stream('order-1'), stream('order-2')]);
      });

      it('reads at most maxCount events', async () => {
        const firstTwo = await collect(
          store.readAll({ after: headBefore, maxCount: 2, filter: { streamPrefixes: [prefix] } }),
        );

        expect(firstTwo.map((e) => e.id)).toEqual(appended.slice(0, 2).map((e) => e.id));
      });
    });

    describe('subscribeToAll', () => {
      const open = (after?: Position) =>
        store.subscribeToAll({ after: after ?? headBefore, filter: { streamPrefixes: [prefix] } });

      it('delivers history, then live events, in global order', async () => {
        const history = await appendInOrder(store, [
          [stream('a'), 'One'],
          [stream('b'), 'Two'],
        ]);
        const subscription = open();
        const iterator = subscription[Symbol.asyncIterator]();
        const received = await take(iterator, 2);

        const live = await appendInOrder(store, [
          [stream('b'), 'Three'],
          [stream('a'), 'Four'],
        ]);
        received.push(...(await take(iterator, 2)));
        await subscription.close();

        expect(received.map((e) => e.id)).toEqual([...history, ...live].map((e) => e.id));
        expectStrictlyIncreasing(received.map((e) => e.position));
      });

      it('resumed from a stored checkpoint, has no gap and no repeat', async () => {
        const first = await appendInOrder(store, [
          [stream('a'), 'One'],
          [stream('a'), 'Two'],
          [stream('b'), 'Three'],
        ]);
        const before = open();
        const seen = await take(before[Symbol.asyncIterator](), 2);
        const checkpoint = positionToCheckpoint(seen[1].position);
        await before.close();
        const more = await appendInOrder(store, [
          [stream('b'), 'Four'],
          [stream('c'), 'Five'],
        ]);

        const resumed = open(checkpointToPosition(checkpoint));
        const iterator = resumed[Symbol.asyncIterator]();
        const caughtUp = await take(iterator, 3);
        const [live] = await appendInOrder(store, [[stream('a'), 'Six']]);
        const next = await take(iterator, 1);
        await resumed.close();

        expect([...caughtUp, ...next].map((e) => e.id)).toEqual([first[2], ...more, live].map((e) => e.id));
      });

      it('applies its filter to history and live events', async () => {
        await appendInOrder(store, [
          [stream('order-1'), 'OrderPlaced'],
          [stream('product-1'), 'ProductListed'],
        ]);
        const subscription = store.subscribeToAll({
          after: headBefore,
          filter: { streamPrefixes: [stream('order-')] },
        });
        const iterator = subscription[Symbol.asyncIterator]();
        const [historic] = await take(iterator, 1);
        await appendInOrder(store, [
          [stream('product-1'), 'ProductDelisted'],
          [stream('order-2'), 'OrderPlaced'],
        ]);
        const [live] = await take(iterator, 1);
        await subscription.close();

        expect([historic.stream, live.stream]).toEqual([stream('order-1'), stream('order-2')]);
      });

      it('ends its iteration when closed while waiting for live events', async () => {
        const subscription = open();
        const iterator = subscription[Symbol.asyncIterator]();
        const pending = iterator.next();
        await sleep(50);

        await subscription.close();
        await expect(within(pending, 2000, 'iteration to end after close')).resolves.toEqual({
          done: true,
          value: undefined,
        });
        await expect(iterator.next()).resolves.toMatchObject({ done: true });
      });

      it('ends a for-await loop that closes it', async () => {
        await appendInOrder(store, [
          [stream('a'), 'One'],
          [stream('a'), 'Two'],
        ]);
        const subscription = open();
        const received: RecordedEvent[] = [];
        const loop = (async () => {
          for await (const e of subscription) {
            received.push(e);
            await subscription.close();
          }
        })();

        await within(loop, 2000, 'the loop to end');
        expect(received).toHaveLength(1);
      });
    });

    describe('payloads and metadata', () => {
      it('stores a 1 MiB payload byte for byte', async () => {
        const blob = randomBytes(786_432).toString('base64');
        expect(Buffer.byteLength(blob)).toBe(1024 * 1024);
        await appendOne('big', 'Big', { blob });

        const [read] = await store.readStream(stream('big'));
        expect(read.data.blob === blob).toBe(true);
      });

      it('stores non-ASCII text byte for byte', async () => {
        const data = {
          emoji: '💸🇮🇩✅',
          indonesian: 'Pembayaran berhasil — terima kasih, Bapak/Ibu',
          chinese: '数字商品充值成功',
          separators: 'line\u2028paragraph\u2029end',
          escapes: 'quote " backslash \\ newline \n tab \t nul \u0000',
        };
        await appendOne('text', 'Texted', data);

        const [read] = await store.readStream(stream('text'));
        expect(read.data).toEqual(data);
        expect(Buffer.from(JSON.stringify(read.data)).equals(Buffer.from(JSON.stringify(data)))).toBe(true);
      });

      it('keeps numbers, booleans, nulls, arrays and nested objects', async () => {
        const data = {
          amount: '10000',
          count: 3,
          ratio: 0.25,
          ok: true,
          none: null,
          list: [1, 'two', { three: 3 }],
        };
        await appendOne('shapes', 'Shaped', data);

        expect((await store.readStream(stream('shapes')))[0].data).toEqual(data);
      });

      it('round-trips metadata, and reads an event without metadata as {}', async () => {
        const metadata: EventMetadata = {
          correlationId: 'reqMsgId-2025-01-15-0001',
          causationId: randomUUID(),
          recordedAt: '2025-01-15T10:00:00+07:00',
          schemaVersion: 1,
          note: 'catatan 备注 🧾',
        };
        await store.append(
          stream('m'),
          [{ type: 'WithMetadata', data: {}, metadata }, event('WithoutMetadata')],
          'no_stream',
        );

        const [withMetadata, withoutMetadata] = await store.readStream(stream('m'));
        expect(withMetadata.metadata).toEqual(metadata);
        expect(withoutMetadata.metadata).toEqual({});
      });

      it('records when each event was stored', async () => {
        await appendOne('a');

        const [read] = await store.readStream(stream('a'));
        expect(read.recordedAt).toBeInstanceOf(Date);
        expect(Number.isNaN(read.recordedAt.getTime())).toBe(false);
      });
    });

    describe('positions', () => {
      it('serialise to checkpoints and back, keeping their order', async () => {
        await appendInOrder(store, [
          [stream('a'), 'One'],
          [stream('b'), 'Two'],
        ]);
        const [first, second] = await readOwnEvents();

        const restored = [first, second].map((e) => checkpointToPosition(positionToCheckpoint(e.position)));
        expect(restored).toEqual([first.position, second.position]);
        expect(comparePositions(restored[0], restored[1])).toBe(-1);
        expect(typeof restored[0].commit).toBe('bigint');
      });

      it('report the newest event as the head', async () => {
        await appendOne('a');
        const result = await appendOne('b');

        expect(await store.headPosition()).toEqual(result.position);
      });

      if (startsEmpty) {
        it('report no head for an empty store', async () => {
          expect(await store.headPosition()).toBeUndefined();
        });
      }
    });
  });
}

interface AppendedEvent {
  id: string;
  stream: string;
}

function event(type: string, data: JsonObject = {}): EventToAppend {
  return { type, data };
}

/** Appends one event at a time, so the list order is the global order. */
async function appendInOrder(
  store: EventStore,
  events: Array<[stream: string, type: string]>,
): Promise<AppendedEvent[]> {
  const appended: AppendedEvent[] = [];
  for (const [stream, type] of events) {
    const id = randomUUID();
    await store.append(stream, [{ id, type, data: { type } }], 'any');
    appended.push({ id, stream });
  }
  return appended;
}

async function collect(events: AsyncIterable<RecordedEvent>): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for await (const e of events) all.push(e);
  return all;
}

async function take(iterator: AsyncIterator<RecordedEvent>, count: number): Promise<RecordedEvent[]> {
  const taken: RecordedEvent[] = [];
  while (taken.length < count) {
    const next = await within(
      iterator.next(),
      LIVE_EVENT_TIMEOUT_MS,
      `event ${taken.length + 1} of ${count}`,
    );
    if (next.done) throw new Error(`the subscription ended after ${taken.length} of ${count} events`);
    taken.push(next.value);
  }
  return taken;
}

function expectStrictlyIncreasing(positions: Position[]): void {
  for (let i = 1; i < positions.length; i += 1) {
    expect(comparePositions(positions[i - 1], positions[i])).toBe(-1);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
