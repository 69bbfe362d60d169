import type { Money } from '@kios/dana-protocol';

/** When a supplier is taken out of routing (KIOS_SUPPLIER_UNHEALTHY_AFTER, KIOS_SUPPLIER_HEALTH_WINDOW_MS). */
export type HealthSettings = {
  /** This many bad answers (in doubt, or a refused connection) within the window mark it unhealthy. */
  unhealthyAfter: number;
  windowMs: number;
};

export type HealthVerdict = { healthy: true } | { healthy: false; reason: string };

type Record = { badAt: number[]; unhealthy?: string };

/**
 * Which suppliers routing should skip, from what their answers and balances said (times passed in:
 * no clock of its own). A supplier becomes unhealthy after `unhealthyAfter` bad answers within
 * `windowMs`, or a balance below its minimum; it stays so until a probe (a balance call that
 * answers, at or above the minimum) brings it back. A good answer alone does not: the probe is the
 * one way back, so a supplier that answers one call in five does not flap in and out.
 */
export class SupplierHealth {
  private readonly records = new Map<string, Record>();

  constructor(private readonly settings: HealthSettings) {}

  private recordOf(supplier: string): Record {
    let record = this.records.get(supplier);
    if (!record) this.records.set(supplier, (record = { badAt: [] }));
    return record;
  }

  /** A bad answer at `at`; returns the verdict after it (unhealthy from the threshold on). */
  badAnswer(supplier: string, at: Date, what: string): HealthVerdict {
    const record = this.recordOf(supplier);
    const since = at.getTime() - this.settings.windowMs;
    record.badAt = [...record.badAt.filter((time) => time > since), at.getTime()];
    if (record.unhealthy === undefined && record.badAt.length >= this.settings.unhealthyAfter) {
      record.unhealthy = `${record.badAt.length} answers in doubt or refused within ${this.settings.windowMs} ms (last: ${what})`;
    }
    return this.verdict(supplier);
  }

  /** A balance read by the sync or a probe: below the minimum it is unhealthy, else (as a probe) healthy again. */
  balance(supplier: string, balance: Money, minimum: Money | undefined): HealthVerdict {
    const record = this.recordOf(supplier);
    if (minimum !== undefined && balance.minor < minimum.minor) {
      record.unhealthy = `balance ${balance.minor} is below the minimum ${minimum.minor}`;
    } else {
      record.unhealthy = undefined;
      record.badAt = [];
    }
    return this.verdict(supplier);
  }

  /** A probe with nothing to ask (no account) brings the supplier back. */
  recovered(supplier: string): HealthVerdict {
    this.records.delete(supplier);
    return this.verdict(supplier);
  }

  verdict(supplier: string): HealthVerdict {
    const reason = this.records.get(supplier)?.unhealthy;
    return reason === undefined ? { healthy: true } : { healthy: false, reason };
  }

  isHealthy(supplier: string): boolean {
    return this.verdict(supplier).healthy;
  }

  /** The suppliers marked unhealthy now, which the probe asks about. */
  unhealthy(): string[] {
    return [...this.records.entries()]
      .filter(([, record]) => record.unhealthy !== undefined)
      .map(([name]) => name);
  }
}
