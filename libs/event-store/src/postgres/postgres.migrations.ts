import type { Pool } from 'pg';

interface Migration {
  version: number;
  description: string;
  /** Statements run in the store's schema (it is first on the search_path). */
  sql: string;
}

/**
 * The event store's tables, one version after another; a version once released is never edited,
 * a change is a new version (docs/architecture.md §5).
 *
 * `position` is the order of insertion, `transaction_id` the appending transaction: readers follow
 * (transaction_id, position) and read only below the oldest open transaction, so an append that
 * took an earlier position but commits later is never skipped (see postgres-reads.ts). Payloads
 * are `json`, not `jsonb`: stored as written, byte for byte, as the hash chain needs.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'events',
    sql: `
      CREATE TABLE events (
        position       bigint      GENERATED ALWAYS AS IDENTITY,
        transaction_id xid8        NOT NULL DEFAULT pg_current_xact_id(),
        stream         text        NOT NULL,
        revision       bigint      NOT NULL,
        id             text        NOT NULL,
        type           text        NOT NULL,
        data           json        NOT NULL,
        metadata       json        NOT NULL,
        recorded_at    timestamptz NOT NULL,
        CONSTRAINT events_pkey PRIMARY KEY (position),
        CONSTRAINT events_stream_revision UNIQUE (stream, revision),
        CONSTRAINT events_id UNIQUE (id)
      );
      CREATE INDEX events_global_order ON events (transaction_id, position);`,
  },
  {
    version: 2,
    description: 'leases',
    // Who runs each background processor among the replicas (leases/postgres.lease-rows.ts, docs/architecture.md §1).
    sql: `
      CREATE TABLE leases (
        name       text        PRIMARY KEY,
        holder     text        NOT NULL,
        token      bigint      NOT NULL,
        expires_at timestamptz NOT NULL
      );`,
  },
];

/** The name of the unique constraint a concurrent append to the same revision runs into. */
export const STREAM_REVISION_CONSTRAINT = 'events_stream_revision';

/**
 * Brings the schema up to the newest version. Replicas starting together take turns on an advisory
 * lock, so one migrates and the others find nothing left to do; each version is recorded in
 * `event_store_migrations` in the transaction that applies it.
 */
export async function migrate(pool: Pool, schema: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
      `kios-event-store-migrations:${schema}`,
    ]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query(`SET LOCAL search_path TO "${schema}"`);
    await client.query(`
      CREATE TABLE IF NOT EXISTS event_store_migrations (
        version     integer     PRIMARY KEY,
        description text        NOT NULL,
        applied_at  timestamptz NOT NULL DEFAULT now()
      )`);
    const { rows } = await client.query<{ version: number | null }>(
      'SELECT max(version) AS version FROM event_store_migrations',
    );
    const current = rows[0].version ?? 0;
    for (const migration of MIGRATIONS.filter((candidate) => candidate.version > current)) {
      await client.query(migration.sql);
      await client.query('INSERT INTO event_store_migrations (version, description) VALUES ($1, $2)', [
        migration.version,
        migration.description,
      ]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
