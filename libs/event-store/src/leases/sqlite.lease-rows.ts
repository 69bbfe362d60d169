import type Database from 'better-sqlite3';
import { freeLease, type LeaseRows } from './lease-rules';
import type { Lease } from './lease-store.port';

type LeaseRow = { name: string; holder: string; token: number; expires_at: number };

const toLease = (row: LeaseRow): Lease => ({
  name: row.name,
  holder: row.holder,
  token: row.token,
  expiresAt: new Date(row.expires_at),
});

/**
 * Leases in the events database file itself (the `leases` table of sqlite.schema.ts), shared by the
 * kios processes of one machine: each change is one `BEGIN IMMEDIATE` transaction, which takes the
 * file's write lock before reading, so two processes never decide on the same row at once.
 */
export class SqliteLeaseRows implements LeaseRows {
  private readonly select;
  private readonly upsert;
  private readonly all;
  private readonly changeInTransaction;

  constructor(private readonly db: Database.Database) {
    this.select = db.prepare<[string], LeaseRow>('SELECT * FROM leases WHERE name = ?');
    this.upsert = db.prepare(
      `INSERT INTO leases (name, holder, token, expires_at) VALUES (@name, @holder, @token, @expires_at)
       ON CONFLICT (name) DO UPDATE SET holder = @holder, token = @token, expires_at = @expires_at`,
    );
    this.all = db.prepare<[], LeaseRow>('SELECT * FROM leases ORDER BY name');
    this.changeInTransaction = db.transaction(
      (name: string, decide: (current: Lease) => Lease | undefined) => {
        const found = this.select.get(name);
        const current = found ? toLease(found) : freeLease(name);
        const decided = decide(current);
        if (!decided) return current;
        this.upsert.run({
          name,
          holder: decided.holder,
          token: decided.token,
          expires_at: decided.expiresAt.getTime(),
        });
        return decided;
      },
    );
  }

  async change(name: string, decide: (current: Lease) => Lease | undefined): Promise<Lease> {
    return this.changeInTransaction.immediate(name, decide);
  }

  async list(): Promise<Lease[]> {
    return this.all.all().map(toLease);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
