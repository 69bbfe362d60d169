import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '@kios/dana-protocol';
import {
  ConcurrencyError,
  type EventStore,
  type KiosEventStoreOptions,
  openKiosEventStore,
  type RecordedEvent,
  SqliteEventStore,
} from '../src';
import { eventStoreContract } from './event-store.contract';

const folder = mkdtempSync(join(tmpdir(), 'kios-sqlite-event-store-'));
let files = 0;
const newFile = () => join(folder, `events-${++files}.db`);
afterAll(() => rmSync(folder, { recursive: true, force: true }));

eventStoreContract('sqlite', async () => SqliteEventStore.open(newFile()));
eventStoreContract("sqlite, appends committed on the caller's thread", async () =>
  SqliteEventStore.open(newFile(), { writer: 'inline' }),
);

describe('sqlite event store', () => {
  const opened: EventStore[] = [];
  const open = (...args: Parameters<typeof SqliteEventStore.open>) => {
    const store = SqliteEventStore.open(...args);
    opened.push(store);
    return store;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });

  it('keeps events in the file across a reopen, and continues their positions', async () => {
    const file = newFile();
    const first = SqliteEventStore.open(file);
    const written = await first.append(
      'order-1',
      [{ type: 'OrderPlaced', data: { amount: '10000' } }],
      'no_stream',
    );
    await first.close();

    const reopened = open(file);
    const next = await reopened.append('order-1', [{ type: 'OrderSucceeded', data: {} }], 0n);
    expect((await reopened.readStream('order-1')).map((e) => e.data)).toEqual([{ amount: '10000' }, {}]);
    expect(next.position.commit).toBe(written.position.commit + 1n);
  });

  it('records the time its clock gives', async () => {
    const store = open(newFile(), { clock: new FixedClock(new Date('2025-01-15T03:00:00.123Z')) });
    await store.append('order-1', [{ type: 'OrderPlaced', data: {} }], 'no_stream');

    expect((await store.readStream('order-1'))[0].recordedAt.toISOString()).toBe('2025-01-15T03:00:00.123Z');
  });

  it('counts the SQL statements its reads run: one a stream read, one the head, one an $all page', async () => {
    const store = open(newFile(), { pageSize: 2 });
    await store.append('order-1', [{ type: 'OrderPlaced', data: {} }], 'no_stream');
    await store.append('order-2', [{ type: 'OrderPlaced', data: {} }], 'no_stream');
    await store.append('order-3', [{ type: 'OrderPlaced', data: {} }], 'no_stream');
    expect(store.readStats()).toEqual({ statements: 0 });

    await store.readStream('order-1');
    await store.readStream('order-404');
    await store.headPosition();
    expect(store.readStats()).toEqual({ statements: 3 });

    const pagesBefore = store.readStats().statements;
    const all: string[] = [];
    for await (const event of store.readAll()) all.push(event.stream);
    expect(all).toEqual(['order-1', 'order-2', 'order-3']);
    // Three events in pages of two: a full page, a short one, then the empty one that ends the read.
    expect(store.readStats().statements - pagesBefore).toBe(3);
  });

  describe('durability: PRAGMA synchronous of the connection (docs/architecture.md §5)', () => {
    it('is FULL (2) by default, NORMAL (1) when asked, on the writer thread and inline', async () => {
      expect(await open(newFile()).synchronousMode()).toBe(2);
      expect(await open(newFile(), { synchronous: 'NORMAL' }).synchronousMode()).toBe(1);
      expect(await open(newFile(), { writer: 'inline' }).synchronousMode()).toBe(2);
      expect(await open(newFile(), { writer: 'inline', synchronous: 'NORMAL' }).synchronousMode()).toBe(1);
    });

    it('follows KIOS_SQLITE_SYNC as kios opens its store, full when unset', async () => {
      const modeAs = async (options?: KiosEventStoreOptions) => {
        const store = await openKiosEventStore(
          `sqlite:${newFile()}`,
          new FixedClock(new Date('2025-01-15T03:00:00Z')),
          options,
        );
        opened.push(store);
        return (store.underlying as SqliteEventStore).synchronousMode();
      };

      expect(await modeAs()).toBe(2);
      expect(await modeAs({ sqliteSync: 'full' })).toBe(2);
      expect(await modeAs({ sqliteSync: 'normal' })).toBe(1);
    });
  });

  describe('two instances on one file (as two processes would be)', () => {
    it('sees the other instance’s appends in a live subscription, by polling', async () => {
      const file = newFile();
      const writer = open(file);
      const reader = open(file, { pollIntervalMs: 20 });
      const subscription = reader.subscribeToAll();
      const iterator = subscription[Symbol.asyncIterator]();
      const first = iterator.next();

      await writer.append('order-1', [{ type: 'OrderPlaced', data: {} }], 'no_stream');
      const delivered = await first;
      await subscription.close();

      expect((delivered.value as RecordedEvent).type).toBe('OrderPlaced');
    });

    it('checks the expected version against the other instance’s writes', async () => {
      const file = newFile();
      const one = open(file);
      const other = open(file);
      await one.append('order-1', [{ type: 'OrderPlaced', data: {} }], 'no_stream');

      await expect(
        other.append('order-1', [{ type: 'OrderPlaced', data: {} }], 'no_stream'),
      ).rejects.toBeInstanceOf(ConcurrencyError);
      await other.append('order-1', [{ type: 'OrderSucceeded', data: {} }], 0n);
      expect((await one.readStream('order-1')).map((e) => e.type)).toEqual(['OrderPlaced', 'OrderSucceeded']);
    });
  });

  it('wakes a live subscription at once on an append in the same instance, without waiting to poll', async () => {
    const store = open(newFile(), { pollIntervalMs: 60_000 });
    const subscription = store.subscribeToAll();
    const next = subscription[Symbol.asyncIterator]().next();
    const started = performance.now();

    await store.append('order-1', [{ type: 'OrderPlaced', data: {} }], 'no_stream');
    await next;
    await subscription.close();

    expect(performance.now() - started).toBeLessThan(1000);
  });
});
