import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  InMemoryEventStore,
  KurrentDbEventStore,
  openEventStore,
  SqliteEventStore,
  UnsupportedEventStoreUrl,
} from '../src';

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

  it.each(['postgres://kios@127.0.0.1:5432/test', 'sqlite:', 'events.db', 'http://127.0.0.1:2113'])(
    'refuses %s, naming it and the accepted schemes',
    async (url) => {
      const attempt = openEventStore(url);

      await expect(attempt).rejects.toBeInstanceOf(UnsupportedEventStoreUrl);
      await expect(attempt).rejects.toThrow(`unsupported event store "${url}"`);
      await expect(attempt).rejects.toThrow(/sqlite:<path>.*kurrentdb:\/\/.*memory:/);
    },
  );

  it('never repeats a password from a refused URL', async () => {
    await expect(openEventStore('postgres://kios:s3cret@127.0.0.1/test')).rejects.toThrow(
      'unsupported event store "postgres://kios:***@127.0.0.1/test"',
    );
  });
});
