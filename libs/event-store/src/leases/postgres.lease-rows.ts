import type { Pool } from 'pg';
import { freeLease, type LeaseRows } from './lease-rules';
import type { Lease } from './lease-store.port';

type LeaseRow = { name: string; holder: string; token: string; expires_at: Date };

const toLease = (row: LeaseRow): Lease => ({
  name: row.name,
  holder: row.holder,
  token: Number(row.token),
  expiresAt: row.expires_at,
});

/**
 * Leases in the PostgreSQL event store's schema (the `leases` table, migration 2 of
 * postgres.migrations.ts). A lease table rather than advisory locks: a session lock belongs to one
 * pooled connection and dies with it, and it carries no fencing token (docs/architecture.md §1
 * "Leases"). Each change is one transaction: the row is made to exist, then read `FOR UPDATE`, so
 * replicas deciding on the same lease take turns.
 */
export class PostgresLeaseRows implements LeaseRows {
  private readonly table: string;

  constructor(
    private readonly pool: Pool,
    schema: string,
  ) {
    this.table = `"${schema}".leases`;
  }

  async change(name: string, decide: (current: Lease) => Lease | undefined): Promise<Lease> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const free = freeLease(name);
      await client.query(
        `INSERT INTO ${this.table} (name, holder, token, expires_at) VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO NOTHING`,
        [name, free.holder, free.token, free.expiresAt],
      );
      const { rows } = await client.query<LeaseRow>(
        `SELECT * FROM ${this.table} WHERE name = $1 FOR UPDATE`,
        [name],
      );
      const current = toLease(rows[0]);
      const decided = decide(current);
      if (decided) {
        await client.query(
          `UPDATE ${this.table} SET holder = $2, token = $3, expires_at = $4 WHERE name = $1`,
          [name, decided.holder, decided.token, decided.expiresAt],
        );
      }
      await client.query('COMMIT');
      return decided ?? current;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async list(): Promise<Lease[]> {
    const { rows } = await this.pool.query<LeaseRow>(
      `SELECT * FROM ${this.table} WHERE holder <> '' ORDER BY name`,
    );
    return rows.map(toLease);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
