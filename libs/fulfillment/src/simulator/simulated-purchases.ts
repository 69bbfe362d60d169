import { ReferenceFilter } from './reference-filter';
import type { SimulatedPurchase, SimulatedPurchaseLog } from './simulated-purchase-log';

/**
 * How many purchases a simulator with a log keeps in memory: those kios asks about again — a repeat
 * of a call under way, the follow-up's status checks of a pending order — come within seconds, and
 * 10,000 is more than a minute of orders at the rates `npm run bench` reaches. About 5 MB.
 */
export const REMEMBERED_PURCHASES = 10_000;

/** What the simulated supplier knows of the purchases it made, by supplierRef (one purchase each). */
export interface SimulatedPurchases {
  /** The purchase made under `supplierRef`, by this process or another on the same log. */
  find(supplierRef: string): SimulatedPurchase | undefined;
  bought(purchase: SimulatedPurchase): void;
  /** A purchase call for a supplierRef already bought (it buys nothing). */
  repeated(supplierRef: string, at: Date): void;
  /** Every purchase made so far, oldest first. */
  all(): SimulatedPurchase[];
  close(): void;
}

/** A simulator without a log (tests): memory is the only record, so it keeps every purchase. */
export class PurchasesInMemory implements SimulatedPurchases {
  private readonly byRef = new Map<string, SimulatedPurchase>();

  find(supplierRef: string): SimulatedPurchase | undefined {
    return this.byRef.get(supplierRef);
  }

  bought(purchase: SimulatedPurchase): void {
    this.byRef.set(purchase.supplierRef, purchase);
  }

  repeated(): void {}

  all(): SimulatedPurchase[] {
    return [...this.byRef.values()];
  }

  close(): void {}
}

/**
 * A simulator with a log (kios's): the log is the record, and memory holds only the latest
 * `remembered` purchases and a fixed-size filter of every reference sold, so it stays the same size
 * however long kios runs (a map of every purchase grew kios's processes by about 10 MB a minute under
 * `npm run soak`). A reference memory lacks is first looked for in the lines appended since the last
 * read (another process's purchases, docs/architecture.md §7); a new reference, which the filter
 * says was never sold, is answered at once; only a purchase older than memory, or the filter's rare
 * false "maybe", costs a read of the whole log.
 */
export class LoggedPurchases implements SimulatedPurchases {
  /** Oldest first (a Map iterates in insertion order), so the first key is the one to forget. */
  private readonly recent = new Map<string, SimulatedPurchase>();

  constructor(
    private readonly log: SimulatedPurchaseLog,
    private readonly remembered = REMEMBERED_PURCHASES,
    private readonly sold = new ReferenceFilter(),
  ) {
    this.readNew();
  }

  /** How many purchases memory holds now: at most `remembered`. */
  get rememberedCount(): number {
    return this.recent.size;
  }

  /**
   * Synchronous, so a purchase call still decides before its first await. Two processes that both
   * miss and both buy one reference in the same instant would each buy it once. kios never does
   * that: the follow-up buys only after a status check under the reference answered not_found, and
   * it first looks at an order only after Create Order's supplier budget has passed, long after the
   * request process's purchase call wrote its line (before its first await).
   */
  find(supplierRef: string): SimulatedPurchase | undefined {
    if (!this.recent.has(supplierRef)) this.readNew();
    const known = this.recent.get(supplierRef);
    if (known || !this.sold.mightHave(supplierRef)) return known;
    const old = this.log.find(supplierRef);
    if (old) this.remember(old);
    return old;
  }

  bought(purchase: SimulatedPurchase): void {
    this.remember(purchase);
    this.sold.add(purchase.supplierRef);
    this.log.purchased(purchase);
  }

  repeated(supplierRef: string, at: Date): void {
    this.log.repeated(supplierRef, at);
  }

  all(): SimulatedPurchase[] {
    return this.log.purchases();
  }

  close(): void {
    this.log.close();
  }

  /** The first purchase of a reference is the one bought; this process's own lines come back as known ones. */
  private readNew(): void {
    this.log.readNew((purchase) => {
      this.sold.add(purchase.supplierRef);
      if (!this.recent.has(purchase.supplierRef)) this.remember(purchase);
    });
  }

  private remember(purchase: SimulatedPurchase): void {
    this.recent.set(purchase.supplierRef, purchase);
    if (this.recent.size > this.remembered) this.recent.delete(this.recent.keys().next().value!);
  }
}
