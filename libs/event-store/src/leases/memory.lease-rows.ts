import { freeLease, type LeaseRows } from './lease-rules';
import type { Lease } from './lease-store.port';

/** Leases of one process (`KIOS_EVENT_STORE=memory:`, tests): a map; JavaScript runs one change at a time. */
export class MemoryLeaseRows implements LeaseRows {
  private readonly leases = new Map<string, Lease>();

  async change(name: string, decide: (current: Lease) => Lease | undefined): Promise<Lease> {
    const decided = decide(this.leases.get(name) ?? freeLease(name));
    if (decided) this.leases.set(name, decided);
    return this.leases.get(name) ?? freeLease(name);
  }

  async list(): Promise<Lease[]> {
    return [...this.leases.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  async close(): Promise<void> {}
}
