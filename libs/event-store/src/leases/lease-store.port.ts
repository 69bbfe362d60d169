/**
 * Who runs a background processor when several kios replicas share one event store
 * (docs/architecture.md §1 "Leases"): the replica holding the processor's lease, until it expires.
 */
export interface Lease {
  /** The processor's name. */
  readonly name: string;
  /** The replica holding it (host, pid and a random suffix); '' when it was never taken. */
  readonly holder: string;
  /**
   * The fencing token: grows by one each time the lease changes hands (or is taken again after it
   * expired), so a holder that was paused can tell it lost the lease even if it took it back since.
   */
  readonly token: number;
  /** Held until then; at or after this instant anyone may take it. */
  readonly expiresAt: Date;
}

/** What the store answered: `held` when the asking replica holds `lease`; otherwise `lease` is who does. */
export interface LeaseAnswer {
  readonly held: boolean;
  readonly lease: Lease;
}

/**
 * Leases kept next to the events (docs/architecture.md §1 "Leases"): in the SQLite events file, in the
 * PostgreSQL event store's schema, or in this process. Expiry is decided with the store's injected
 * clock, so every replica must agree on the time (NTP) to within a small part of the TTL.
 */
export interface LeaseStore {
  /** Takes the lease when it is free or expired (a new token), or renews it when `holder` already holds it. */
  acquire(name: string, holder: string, ttlMs: number): Promise<LeaseAnswer>;
  /** Extends a held lease; refused once it expired or another replica took it (a different token). */
  renew(lease: Lease, ttlMs: number): Promise<LeaseAnswer>;
  /** Lets a held lease go at once, so another replica can take it without waiting for the TTL. */
  release(lease: Lease): Promise<void>;
  /** Every lease ever taken, by name. */
  list(): Promise<Lease[]>;
  close(): Promise<void>;
}
