import { FixedClock } from '@kios/dana-protocol';
import { TEST_POSTGRES_URL } from '@kios/testing';
import {
  ConcurrencyError,
  type EventStore,
  HashChainedEventStore,
  PostgresEventStore,
  type PostgresEventStoreOptions,
  type RecordedEvent,
  verifyChain,
} from '../src';
import { eventStoreContract } from './event-store.contract';
import { schemaOf, ThrowawaySchemas, withClient } from './postgres-schemas';

const schemas = new ThrowawaySchemas();
afterEach(() => schemas.dropAll());

eventStoreContract('PostgreSQL', () => PostgresEventStore.open(schemas.newUrl()));
eventStoreContract('hash-chained PostgreSQL', async () => {
  return new HashChainedEventStore(await PostgresEventStore.open(schemas.newUrl()));
});

describe('PostgreSQL event store', () => {
  const opened: EventStore[] = [];
  const open = async (url: string, options?: PostgresEventStoreOptions) => {
    const store = await PostgresEventStore.open(url, options);
    opened.push(store);
    return store;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });

  describe('migrations', () => {
    const versions = (schema: string) =>
      withClient(async (client) => {
        const { rows } = await client.query<{ version: number }>(
          `SELECT version FROM "${schema}".event_store_migrations ORDER BY version`,
        );
        return rows.map((row) => row.version);
      });

    it('creates the schema and records each version once; a second open changes nothing', async () => {
      const url = schemas.newUrl();
      const first = await open(url);
      await first.append('order-1', [{ type: 'OrderPlaced', data: { amount: '10000' } }], 'no_stream');
      const applied = await versions(schemaOf(url));

      const second = await open(url);
      expect(applied).toEqual([1, 2]);
      expect(await versions(schemaOf(url))).toEqual(applied);
      expect((await second.readStream('order-1')).map((event) => event.data)).toEqual([{ amount: '10000' }]);
    });

    it('lets several processes open a fresh schema at the same moment', async () => {
      const url = schemas.newUrl();
      const stores = await Promise.all([open(url), open(url), open(url), open(url)]);

      await stores[0].append('order-1', [{ type: 'OrderPlaced', data: {} }], 'no_stream');
      expect(await versions(schemaOf(url))).toEqual([1, 2]);
      expect(await stores[3].readStream('order-1')).toHaveLength(1);
    });

    it('refuses a schema name that is not letters, digits and _', async () => {
      await expect(PostgresEventStore.open(`${TEST_POSTGRES_URL}?schema=a;drop`)).rejects.toThrow(
        /schema "a;drop" must be letters, digits and '_'/,
      );
    });
  });

  it('records the time its clock gives', async () => {
    const store = await open(schemas.newUrl(), {
      clock: new FixedClock(new Date('2025-01-15T03:00:00.123Z')),
    });
    await store.append('order-1', [{ type: 'OrderPlaced', data: {} }], 'no_stream');

    expect((await store.readStream('order-1'))[0].recordedAt.toISOString()).toBe('2025-01-15T03:00:00.123Z');
  });

  it('keeps a uuid it is given exactly as written, upper case included', async () => {
    const store = await open(schemas.newUrl());
    const id = 'A1B2C3D4-0000-4000-8000-00000000000F';
    await store.append('order-1', [{ id, type: 'OrderPlaced', data: {} }], 'no_stream');

    expect((await store.readStream('order-1'))[0].id).toBe(id);
  });

  it('refuses an event id already stored, and is not fooled into a retry by it', async () => {
    const store = await open(schemas.newUrl());
    const id = '0d8e4c3a-6a43-4a6f-9c53-0f3f7cfb1b11';
    await store.append('order-1', [{ id, type: 'OrderPlaced', data: {} }], 'any');

    await expect(store.append('order-2', [{ id, type: 'OrderPlaced', data: {} }], 'any')).rejects.toThrow(
      /events_id/,
    );
    expect(await store.readStream('order-2')).toEqual([]);
  });

  it('keeps every event of one append in revision order and in one transaction', async () => {
    const store = await open(schemas.newUrl());
    await store.append('order-1', [{ type: 'Zero', data: {} }], 'no_stream');
    const result = await store.append(
      'order-1',
      ['One', 'Two', 'Three'].map((type) => ({ type, data: {} })),
      0n,
    );

    const read = await store.readStream('order-1', { fromRevision: 1n });
    expect(read.map((event) => [event.type, event.revision])).toEqual([
      ['One', 1n],
      ['Two', 2n],
      ['Three', 3n],
    ]);
    expect(new Set(read.map((event) => event.position.commit)).size).toBe(1);
    expect(result.position).toEqual(read[2].position);
  });

  describe('two stores on one schema (as two kios processes would be)', () => {
    it('wakes the other store’s live subscription by NOTIFY, long before its poll', async () => {
      const url = schemas.newUrl();
      const writer = await open(url);
      // A poll of a minute: within the test's time, only a NOTIFY can deliver the event.
      const reader = await open(url, { pollIntervalMs: 60_000 });
      const subscription = reader.subscribeToAll();
      const next = subscription[Symbol.asyncIterator]().next();

      await writer.append('order-1', [{ type: 'OrderPlaced', data: {} }], 'no_stream');
      const delivered = await next;
      await subscription.close();

      expect((delivered.value as RecordedEvent).type).toBe('OrderPlaced');
    });

    it('checks the expected version against the other store’s writes', async () => {
      const url = schemas.newUrl();
      const one = await open(url);
      const other = await open(url);
      await one.append('order-1', [{ type: 'OrderPlaced', data: {} }], 'no_stream');

      await expect(
        other.append('order-1', [{ type: 'OrderPlaced', data: {} }], 'no_stream'),
      ).rejects.toBeInstanceOf(ConcurrencyError);
      await expect(other.append('order-1', [{ type: 'Late', data: {} }], 5n)).rejects.toMatchObject({
        expected: 5n,
        actual: 0n,
      });
      await other.append('order-1', [{ type: 'OrderSucceeded', data: {} }], 0n);
      expect((await one.readStream('order-1')).map((e) => e.type)).toEqual(['OrderPlaced', 'OrderSucceeded']);
    });

    it('appends every "any" of two stores racing on one stream, with no revision lost or doubled', async () => {
      const url = schemas.newUrl();
      const [one, other] = [await open(url), await open(url)];
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 === 0 ? one : other).append('product-1', [{ type: `E${i}`, data: {} }], 'any'),
        ),
      );

      const read = await one.readStream('product-1');
      expect(read.map((event) => event.revision)).toEqual(Array.from({ length: 20 }, (_, i) => BigInt(i)));
      expect(new Set(read.map((event) => event.type)).size).toBe(20);
    });
  });

  it('keeps a hash chain that verifies, written by two hash-chained stores on one schema', async () => {
    const url = schemas.newUrl();
    const one = new HashChainedEventStore(await open(url));
    const other = new HashChainedEventStore(await open(url));
    for (let i = 0; i < 10; i += 1) {
      await (i % 2 === 0 ? one : other).append('order-1', [{ type: `E${i}`, data: { i } }], 'any');
    }

    const stored = await one.underlying.readStream('order-1');
    expect(stored).toHaveLength(10);
    expect(verifyChain(stored)).toEqual([]);
  });
});
