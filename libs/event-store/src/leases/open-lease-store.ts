import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Pool } from 'pg';
import type { Clock } from '@kios/dana-protocol';
import { isPostgresUrl, postgresLocation } from '../postgres/postgres-location';
import { openEventStore } from '../open-event-store';
import { migrate } from '../postgres/postgres.migrations';
import { openEventsDatabase } from '../sqlite.schema';
import { EventStoreLeaseRows } from './event-store.lease-rows';
import { RuledLeaseStore } from './lease-rules';
import type { LeaseStore } from './lease-store.port';
import { MemoryLeaseRows } from './memory.lease-rows';
import { PostgresLeaseRows } from './postgres.lease-rows';
import { SqliteLeaseRows } from './sqlite.lease-rows';

export interface OpenedLeaseStore {
  store: LeaseStore;
  /** False for `memory:` only: its leases live in this process, which no other replica shares. */
  shared: boolean;
}

/**
 * The lease store next to the event store a configuration URL names (`KIOS_EVENT_STORE`,
 * docs/architecture.md §1 "Leases"): the same SQLite file or PostgreSQL schema, or lease streams in
 * the same KurrentDB, each with a connection of its own so a renewal never queues behind a long read.
 */
export async function openLeaseStore(url: string, clock: Clock): Promise<OpenedLeaseStore> {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    // kios may open its leases before its event store, which makes the folder too.
    mkdirSync(dirname(path), { recursive: true });
    const rows = new SqliteLeaseRows(openEventsDatabase(path, 'NORMAL'));
    return { store: new RuledLeaseStore(rows, clock), shared: true };
  }
  if (isPostgresUrl(url)) {
    const { connectionString, schema } = postgresLocation(url);
    const pool = new Pool({ connectionString, max: 2 });
    pool.on('error', () => undefined);
    try {
      await migrate(pool, schema);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return { store: new RuledLeaseStore(new PostgresLeaseRows(pool, schema), clock), shared: true };
  }
  if (url === 'memory:') return { store: new RuledLeaseStore(new MemoryLeaseRows(), clock), shared: false };
  // What is left is KurrentDB (or a URL openEventStore refuses): the raw store, not the hash-chained one.
  const rows = new EventStoreLeaseRows(await openEventStore(url));
  return { store: new RuledLeaseStore(rows, clock), shared: true };
}
