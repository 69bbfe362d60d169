import { ConcurrencyError } from '../concurrency.error';
import { type Check, isInstant, isPositiveInteger, isString, shape } from '../data-checks';
import type { EventStore, RecordedEvent } from '../event-store.port';
import { freeLease, type LeaseRows } from './lease-rules';
import type { Lease } from './lease-store.port';

/** The event store calls lease streams need: the raw store, never the hash-chained one (§1 "Leases"). */
export type LeaseEventStore = Pick<EventStore, 'append' | 'readStream' | 'close'>;

export interface EventStoreLeaseRowsOptions {
  /** Begins every stream these rows write: `<prefix>-lease-<name>` per lease, `<prefix>-leases` naming them all. */
  prefix?: string;
  /** Events a lease stream keeps (its `$maxCount`): renewals every third of the TTL would grow it forever. */
  keep?: number;
  /** Times a change is read and decided again after another replica changed the lease in between. */
  attempts?: number;
}

/**
 * `$`-prefixed types are system events on KurrentDB, which its adapter keeps out of every `$all` read
 * (kurrentdb.wire-mapping.ts `isKiosEvent`), so projections, lag and `kios-cli verify` never meet a
 * lease renewal; streams are read by name only.
 */
const LEASE_CHANGED = '$kios-lease-changed';
const LEASE_NAMED = '$kios-lease-named';
const STREAM_METADATA = '$metadata';

const isLeaseData = shape({ holder: isString, token: isPositiveInteger, expiresAt: isInstant });
const isNamedData = shape({ name: isString });

/**
 * Leases as event streams (docs/architecture.md §1 "Leases"), for KurrentDB, which has no table to
 * lock: one stream per lease whose last event is the lease. A change reads that event, decides, and
 * appends the decision expecting the revision it read (no stream when there was none), so of two
 * replicas deciding at once the store lets one write; the other reads again and decides again.
 */
export class EventStoreLeaseRows implements LeaseRows {
  private readonly prefix: string;
  private readonly keep: number;
  private readonly attempts: number;

  constructor(
    private readonly store: LeaseEventStore,
    options: EventStoreLeaseRowsOptions = {},
  ) {
    this.prefix = options.prefix ?? 'kios';
    this.keep = options.keep ?? 10;
    this.attempts = options.attempts ?? 10;
  }

  async change(name: string, decide: (current: Lease) => Lease | undefined): Promise<Lease> {
    const stream = this.leaseStream(name);
    for (let attempt = 1; ; attempt += 1) {
      const last = await this.lastEvent(stream);
      const current = last ? toLease(name, last) : freeLease(name);
      const decided = decide(current);
      if (!decided) return current;
      if (!last) await this.register(name);
      try {
        await this.store.append(
          stream,
          [{ type: LEASE_CHANGED, data: toData(decided) }],
          last ? last.revision : 'no_stream',
        );
        return decided;
      } catch (error) {
        if (!(error instanceof ConcurrencyError)) throw error;
        if (attempt >= this.attempts) {
          throw new Error(`lease ${name}: changed by another replica ${attempt} times in a row`, {
            cause: error,
          });
        }
      }
    }
  }

  async list(): Promise<Lease[]> {
    const named = await this.store.readStream(this.indexStream());
    const names = [...new Set(named.map((event) => readData(event, isNamedData).name))].sort((a, b) =>
      a.localeCompare(b),
    );
    const leases = await Promise.all(
      names.map(async (name) => {
        const last = await this.lastEvent(this.leaseStream(name));
        return last ? toLease(name, last) : freeLease(name);
      }),
    );
    // A name registered by a replica that then lost the race or stopped before writing has no lease yet.
    return leases.filter((lease) => lease.holder !== '');
  }

  close(): Promise<void> {
    return this.store.close();
  }

  /**
   * Before a lease stream's first event: its `$maxCount`, and its name in the index `list` reads. Both
   * may be written twice when replicas race for a new lease; the metadata is the same and names are
   * read once.
   */
  private async register(name: string): Promise<void> {
    await this.store.append(
      `$$${this.leaseStream(name)}`,
      [{ type: STREAM_METADATA, data: { $maxCount: this.keep } }],
      'any',
    );
    await this.store.append(this.indexStream(), [{ type: LEASE_NAMED, data: { name } }], 'any');
  }

  private async lastEvent(stream: string): Promise<RecordedEvent | undefined> {
    const [last] = await this.store.readStream(stream, { direction: 'backwards', maxCount: 1 });
    return last;
  }

  private leaseStream(name: string): string {
    return `${this.prefix}-lease-${name}`;
  }

  private indexStream(): string {
    return `${this.prefix}-leases`;
  }
}

function toData(lease: Lease) {
  return { holder: lease.holder, token: lease.token, expiresAt: lease.expiresAt.toISOString() };
}

function toLease(name: string, event: RecordedEvent): Lease {
  const { holder, token, expiresAt } = readData(event, isLeaseData);
  return { name, holder, token, expiresAt: new Date(expiresAt) };
}

function readData<T>(event: RecordedEvent, check: Check<T>): T {
  if (!check(event.data)) {
    throw new Error(`${event.stream} revision ${event.revision}: ${check.problem(event.data)}`);
  }
  return event.data;
}
