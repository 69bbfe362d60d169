import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  InMemoryEventStore,
  openEventStore,
  PostgresEventStore,
  SqliteEventStore,
  UnsupportedEventStoreUrl,
} from '../src';
import { KurrentDbEventStore } from '../src/kurrentdb.event-store';
import { ThrowawaySchemas } from './postgres-schemas';

describe('openEventStore', () => {
  const folder = mkdtempSync(join(tmpdir(), 'kios-open-event-store-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('opens an SQLite file, creating its folder', async () => {
    const file = join(folder, 'nested', 'data', 'events.db');

    const store = await openEventStore(`sqlite:${file}`);
    await store.append('order-1', [{ type: 'OrderPlaced', data: {} }], 'no_stream');
    await store.close();

    expect(store).toBeInstanceOf(SqliteEventStore);
    expect(existsSync(file)).toBe(true);
  });

  it('opens a fresh in-memory store for memory:', async () => {
    const store = await openEventStore('memory:');

    expect(store).toBeInstanceOf(InMemoryEventStore);
    expect(await store.headPosition()).toBeUndefined();
    await store.close();
  });

  it.each(['kurrentdb://127.0.0.1:2113?tls=false', 'esdb://127.0.0.1:2113?tls=false'])(
    'connects to KurrentDB for %s (lazily, without a server)',
    async (url) => {
      const store = await openEventStore(url);

      expect(store).toBeInstanceOf(KurrentDbEventStore);
      await store.close();
    },
  );

  describe('PostgreSQL', () => {
    const schemas = new ThrowawaySchemas();
    afterEach(() => schemas.dropAll());

    it.each(['postgres://', 'postgresql://'])('opens a PostgreSQL store for %s…?schema=', async (scheme) => {
      const url = schemas.newUrl().replace(/^postgres(ql)?:\/\//, scheme);

      const store = await openEventStore(url);
      await store.append('order-1', [{ type: 'OrderPlaced', data: {} }], 'no_stream');
      await store.close();

      expect(store).toBeInstanceOf(PostgresEventStore);
    });
  });

  it.each(['mysql://kios@127.0.0.1:3306/test', 'sqlite:', 'events.db', 'http://127.0.0.1:2113'])(
    'refuses %s, naming it and the accepted schemes',
    async (url) => {
      const attempt = openEventStore(url);

      await expect(attempt).rejects.toBeInstanceOf(UnsupportedEventStoreUrl);
      await expect(attempt).rejects.toThrow(`unsupported event store "${url}"`);
      await expect(attempt).rejects.toThrow(/sqlite:<path>.*postgres:\/\/.*kurrentdb:\/\/.*memory:/);
    },
  );

  it('never repeats a password from a refused URL', async () => {
    await expect(openEventStore('mysql://kios:s3cret@127.0.0.1/test')).rejects.toThrow(
      'unsupported event store "mysql://kios:***@127.0.0.1/test"',
    );
  });
});
