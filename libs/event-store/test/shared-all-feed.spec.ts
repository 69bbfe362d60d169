import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AllSubscription,
  type EventStore,
  InMemoryEventStore,
  type RecordedEvent,
  SharedAllFeed,
  type SharedAllFeedOptions,
  SqliteEventStore,
} from '../src';
import { eventStoreContract } from './event-store.contract';

/** The store with its subscriptions served by a SharedAllFeed, as the kios process uses them. */
function withSharedFeed(store: EventStore, options?: SharedAllFeedOptions): EventStore {
  const feed = new SharedAllFeed(store, options);
  return {
    append: (stream, events, expected) => store.append(stream, events, expected),
    readStream: (stream, readOptions) => store.readStream(stream, readOptions),
    readAll: (readOptions) => store.readAll(readOptions),
    subscribeToAll: (subscribeOptions) => feed.subscribeToAll(subscribeOptions),
    headPosition: () => store.headPosition(),
    close: () => store.close(),
  };
}

eventStoreContract('in-memory, subscriptions shared', async () => withSharedFeed(new InMemoryEventStore()));
// No replay window and a queue of one: every subscriber keeps dropping back to reading on its own.
eventStoreContract('in-memory, subscriptions shared, nothing kept', async () =>
  withSharedFeed(new InMemoryEventStore(), { replayWindow: 0, maxQueued: 1 }),
);
const folder = mkdtempSync(join(tmpdir(), 'kios-shared-feed-'));
let files = 0;
afterAll(() => rmSync(folder, { recursive: true, force: true }));
eventStoreContract('sqlite, subscriptions shared', async () =>
  withSharedFeed(SqliteEventStore.open(join(folder, `events-${++files}.db`))),
);

/** Counts the reads and subscriptions opened on the store underneath, and lets a test break them. */
class WatchedStore extends InMemoryEventStore {
  opened: AllSubscription[] = [];
  closedSubscriptions = 0;
  readAlls = 0;
  failWith?: Error;
  /** While set, reading the head waits for it. */
  headGate?: Promise<void>;

  override async headPosition(): ReturnType<InMemoryEventStore['headPosition']> {
    await this.headGate;
    return super.headPosition();
  }

  override readAll(...args: Parameters<InMemoryEventStore['readAll']>): AsyncIterable<RecordedEvent> {
    this.readAlls += 1;
    return super.readAll(...args);
  }

  override subscribeToAll(...args: Parameters<InMemoryEventStore['subscribeToAll']>): AllSubscription {
    const inner = super.subscribeToAll(...args);
    const watched: AllSubscription = {
      [Symbol.asyncIterator]: () => {
        const events = inner[Symbol.asyncIterator]();
        return {
          next: async () => {
            const next = await events.next();
            if (this.failWith) throw this.failWith;
            return next;
          },
        };
      },
      close: () => {
        this.closedSubscriptions += 1;
        return inner.close();
      },
    };
    this.opened.push(watched);
    return watched;
  }
}

describe('SharedAllFeed', () => {
  let store: WatchedStore;
  const subscriptions: AllSubscription[] = [];
  beforeEach(() => {
    store = new WatchedStore();
  });
  afterEach(async () => {
    await Promise.all(subscriptions.splice(0).map((subscription) => subscription.close()));
    await store.close();
  });

  const appendMany = async (count: number, stream = 'order-1') => {
    for (let i = 0; i < count; i += 1) await store.append(stream, [{ type: 'Happened', data: { i } }], 'any');
  };
  const subscribe = (feed: SharedAllFeed, ...args: Parameters<SharedAllFeed['subscribeToAll']>) => {
    const subscription = feed.subscribeToAll(...args);
    subscriptions.push(subscription);
    return subscription[Symbol.asyncIterator]();
  };
  const take = async (events: AsyncIterator<RecordedEvent>, count: number) => {
    const taken: RecordedEvent[] = [];
    while (taken.length < count) {
      const next = await events.next();
      if (next.done) throw new Error(`ended after ${taken.length} of ${count} events`);
      taken.push(next.value);
    }
    return taken;
  };
  const dataOf = (events: RecordedEvent[]) => events.map((event) => event.data.i);
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

  it('serves every subscriber from one subscription to the store', async () => {
    const feed = new SharedAllFeed(store);
    const subscribers = Array.from({ length: 5 }, () => subscribe(feed));
    const first = Promise.all(subscribers.map((events) => take(events, 3)));
    await appendMany(3);

    for (const received of await first) expect(dataOf(received)).toEqual([0, 1, 2]);
    expect(store.opened).toHaveLength(1);
  });

  it('gives a subscriber far behind the others its history, then the live events, without gap or repeat', async () => {
    const feed = new SharedAllFeed(store, { replayWindow: 2 });
    await appendMany(30);
    const ahead = subscribe(feed, { after: (await store.headPosition())! });
    const aheadReceived = take(ahead, 10);
    await appendMany(5, 'order-2');

    const behind = subscribe(feed);
    const history = await take(behind, 35);
    const more = take(behind, 5);
    await appendMany(5, 'order-3');

    expect(dataOf(history)).toEqual([...range(0, 30), ...range(0, 5)]);
    expect(dataOf(await more)).toEqual(range(0, 5));
    expect((await aheadReceived).map((event) => event.stream)).toEqual([
      ...Array(5).fill('order-2'),
      ...Array(5).fill('order-3'),
    ]);
  });

  it('lets a subscriber that stopped reading fall behind, then catch up from the store in order', async () => {
    const feed = new SharedAllFeed(store, { maxQueued: 5 });
    const slow = subscribe(feed);
    const fast = subscribe(feed);
    const slowFirst = slow.next();
    const fastReceived = take(fast, 20);
    await sleep(20); // both caught up (nothing to read) and wait on the live feed
    expect(store.readAlls).toBe(2);
    await appendMany(20);
    // Once the fast one has all 20, the feed has offered all 20 to the slow one too.
    expect(dataOf(await fastReceived)).toEqual(range(0, 20));

    const received = [(await slowFirst).value as RecordedEvent, ...(await take(slow, 19))];
    expect(dataOf(received)).toEqual(range(0, 20));
    // The slow one read what it missed from the store, then joined the live feed again.
    expect(store.readAlls).toBeGreaterThanOrEqual(3);
    const live = take(slow, 1);
    await appendMany(1, 'order-2');
    expect((await live)[0].stream).toBe('order-2');
    expect(store.opened).toHaveLength(1);
  });

  it('filters for each subscriber on its own', async () => {
    const feed = new SharedAllFeed(store);
    const orders = subscribe(feed, { filter: { streamPrefixes: ['order-'] } });
    const products = subscribe(feed, { filter: { eventTypes: ['ProductListed'] } });
    const received = Promise.all([take(orders, 2), take(products, 1)]);
    await store.append('product-1', [{ type: 'ProductListed', data: {} }], 'any');
    await appendMany(2);

    const [orderEvents, productEvents] = await received;
    expect(orderEvents.map((event) => event.stream)).toEqual(['order-1', 'order-1']);
    expect(productEvents.map((event) => event.stream)).toEqual(['product-1']);
  });

  it('fails every subscriber on it when the shared subscription fails, and starts a new one for the next', async () => {
    const feed = new SharedAllFeed(store);
    const first = subscribe(feed);
    const second = subscribe(feed);
    await Promise.all([take(first, 1), take(second, 1), appendMany(1)]);
    store.failWith = new Error('connection lost');
    const failures = Promise.all([first.next(), second.next()].map((next) => next.catch((e: Error) => e)));
    await appendMany(1);

    for (const failure of await failures) expect(failure).toEqual(new Error('connection lost'));
    store.failWith = undefined;
    const third = subscribe(feed);
    expect(await take(third, 2)).toHaveLength(2);
    const live = take(third, 1);
    await appendMany(1, 'order-2');
    expect((await live)[0].stream).toBe('order-2');
    expect(store.opened).toHaveLength(2);
  });

  it('fails a subscriber that finishes its catch-up after the shared subscription failed, instead of leaving it waiting', async () => {
    const feed = new SharedAllFeed(store);
    const first = subscribe(feed);
    await Promise.all([take(first, 1), appendMany(1)]);
    let openGate!: () => void;
    store.headGate = new Promise((resolve) => (openGate = resolve));
    const late = subscribe(feed);
    const lateNext = late.next().catch((error: Error) => error);
    await sleep(10); // the late one waits for the head, on the feed that is still running

    store.failWith = new Error('connection lost');
    const firstFailure = first.next().catch((error: Error) => error);
    await appendMany(1);
    expect(await firstFailure).toEqual(new Error('connection lost'));
    openGate();
    // It reads both events from the store, then learns that the shared subscription is gone.
    expect((await lateNext) as IteratorResult<RecordedEvent>).toMatchObject({ done: false });
    expect(await take(late, 1)).toHaveLength(1);
    await expect(late.next()).rejects.toThrow('connection lost');
  });

  it('closes the shared subscription when its last subscriber closes', async () => {
    const feed = new SharedAllFeed(store);
    const first = feed.subscribeToAll();
    const second = feed.subscribeToAll();
    const received = Promise.all(
      [first, second].map((subscription) => take(subscription[Symbol.asyncIterator](), 1)),
    );
    await appendMany(1);
    await received;

    await first.close();
    expect(store.closedSubscriptions).toBe(0);
    await second.close();
    await sleep(10);
    expect(store.closedSubscriptions).toBe(1);
  });
});
