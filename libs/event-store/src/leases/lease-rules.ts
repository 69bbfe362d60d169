import type { Clock } from '@kios/dana-protocol';
import type { Lease, LeaseAnswer, LeaseStore } from './lease-store.port';

/**
 * Where an adapter keeps lease rows. `change` reads the named row under a lock held until its write
 * (a free row when there is none yet), passes it to `decide`, writes what `decide` answers (nothing
 * when it answers undefined), and answers the row as it is afterwards.
 */
export interface LeaseRows {
  change(name: string, decide: (current: Lease) => Lease | undefined): Promise<Lease>;
  list(): Promise<Lease[]>;
  close(): Promise<void>;
}

export const freeLease = (name: string): Lease => ({ name, holder: '', token: 0, expiresAt: new Date(0) });

/**
 * The lease rules, the same on every adapter (docs/architecture.md §1 "Leases"): an adapter only
 * supplies rows read and written under a lock (LeaseRows).
 */
export class RuledLeaseStore implements LeaseStore {
  constructor(
    private readonly rows: LeaseRows,
    private readonly clock: Clock,
  ) {}

  async acquire(name: string, holder: string, ttlMs: number): Promise<LeaseAnswer> {
    const now = this.clock.now();
    const after = await this.rows.change(name, (current) => {
      const live = current.expiresAt > now;
      if (live && current.holder !== holder) return undefined;
      // A live lease of the same holder is renewed under its token; an expired one changes hands.
      const token = live ? current.token : current.token + 1;
      return { name, holder, token, expiresAt: until(now, ttlMs) };
    });
    return { held: after.holder === holder && after.expiresAt > now, lease: after };
  }

  async renew(lease: Lease, ttlMs: number): Promise<LeaseAnswer> {
    const now = this.clock.now();
    const after = await this.rows.change(lease.name, (current) =>
      isSame(current, lease) && current.expiresAt > now
        ? { ...current, expiresAt: until(now, ttlMs) }
        : undefined,
    );
    return { held: isSame(after, lease) && after.expiresAt > now, lease: after };
  }

  async release(lease: Lease): Promise<void> {
    const now = this.clock.now();
    await this.rows.change(lease.name, (current) =>
      isSame(current, lease) && current.expiresAt > now ? { ...current, expiresAt: now } : undefined,
    );
  }

  list(): Promise<Lease[]> {
    return this.rows.list();
  }

  close(): Promise<void> {
    return this.rows.close();
  }
}

const until = (now: Date, ttlMs: number) => new Date(now.getTime() + ttlMs);
const isSame = (a: Lease, b: Lease) => a.holder === b.holder && a.token === b.token;
