import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Pool } from 'pg';
import type { Clock } from '@kios/dana-protocol';
import { isPostgresUrl, postgresLocation } from '../postgres/postgres-location';
import { migrate } from '../postgres/postgres.migrations';
import { openEventsDatabase } from '../sqlite.schema';
import { RuledLeaseStore } from './lease-rules';
import type { LeaseStore } from './lease-store.port';
import { MemoryLeaseRows } from './memory.lease-rows';
import { PostgresLeaseRows } from './postgres.lease-rows';
import { SqliteLeaseRows } from './sqlite.lease-rows';

export interface OpenedLeaseStore {
  store: LeaseStore;
  /** False when the leases live in this process only, so several replicas would each hold every lease. */
  shared: boolean;
}

/**
 * The lease store next to the event store a configuration URL names (`KIOS_EVENT_STORE`,
 * docs/architecture.md §1 "Leases"): the same SQLite file or PostgreSQL schema, with a connection of
 * its own so a renewal never queues behind a long read. KurrentDB has no lease adapter yet: its
 * leases stay in the process, which is right for one replica only.
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
  return { store: new RuledLeaseStore(new MemoryLeaseRows(), clock), shared: false };
}
