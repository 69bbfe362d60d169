import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Clock } from '@kios/dana-protocol';
import type { EventStore } from './event-store.port';
import { hideUrlPassword } from './hide-url-password';
import type { KurrentDbEventStoreOptions } from './kurrentdb.event-store';
import { InMemoryEventStore } from './memory.event-store';
import { PostgresEventStore, type PostgresEventStoreOptions } from './postgres.event-store';
import { isPostgresUrl } from './postgres/postgres-location';
import { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite.event-store';

export const ACCEPTED_EVENT_STORE_URLS = [
  'sqlite:<path>',
  'postgres://… (or postgresql://…)[?schema=name]',
  'kurrentdb://… (or esdb://…)',
  'memory:',
];

export class UnsupportedEventStoreUrl extends Error {
  override readonly name = 'UnsupportedEventStoreUrl';

  constructor(readonly url: string) {
    super(
      `unsupported event store "${hideUrlPassword(url)}"; expected one of ${ACCEPTED_EVENT_STORE_URLS.join(', ')}`,
    );
  }
}

export interface OpenEventStoreOptions {
  clock?: Clock;
  sqlite?: Omit<SqliteEventStoreOptions, 'clock'>;
  postgres?: Omit<PostgresEventStoreOptions, 'clock'>;
  kurrentdb?: KurrentDbEventStoreOptions;
}

/** Opens the store a configuration URL names (docs/architecture.md §6, `KIOS_EVENT_STORE`). */
export async function openEventStore(url: string, options: OpenEventStoreOptions = {}): Promise<EventStore> {
  if (url === 'memory:') return new InMemoryEventStore({ clock: options.clock });
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (path.length === 0) throw new UnsupportedEventStoreUrl(url);
    mkdirSync(dirname(path), { recursive: true });
    return SqliteEventStore.open(path, { ...options.sqlite, clock: options.clock });
  }
  if (isPostgresUrl(url)) return PostgresEventStore.open(url, { ...options.postgres, clock: options.clock });
  const kurrent = /^(?:kurrentdb|esdb)(\+discover)?:\/\/(.+)$/.exec(url);
  // The client warns that `esdb` is deprecated; it is the same connection string under its new name.
  if (kurrent) {
    // Loaded for a KurrentDB URL only: its gRPC client is a tenth of what every kios process loads.
    const { KurrentDbEventStore } = await import('./kurrentdb.event-store');
    return KurrentDbEventStore.connect(`kurrentdb${kurrent[1] ?? ''}://${kurrent[2]}`, options.kurrentdb);
  }
  throw new UnsupportedEventStoreUrl(url);
}
