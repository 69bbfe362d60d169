import type { Product } from '@kios/catalog';
import type { Destination } from '../destination';
import type { PurchaseOutcome, StatusOutcome } from '../supplier.port';

/** What the adapter remembers of a ref_id it sent: enough to ask about it again the way Digiflazz wants. */
export type SentPurchase = {
  ref: string;
  /** prepaid: a topup, whose status check is the same topup again; postpaid: inq-pasca, pay-pasca, status-pasca. */
  kind: 'prepaid' | 'postpaid';
  sku: string;
  customerNo: string;
  /** The `max_price` sent with a topup (whole rupiah), sent again with every repeat of it. */
  maxPrice?: number;
  product: Product;
  /** When this adapter first sent a transaction under the ref (see DIGIFLAZZ_REF_HORIZON_MS). */
  firstSentAt: Date;
  /**
   * Postpaid: the bill was inquired under the ref at Destination Inquiry
   * (PurchaseRequest.billInquiredUnderRef), so paying it needs no inquiry of its own.
   */
  inquired: boolean;
  /** Postpaid: pay-pasca was sent under the ref (before it, only the inquiry). */
  paySent: boolean;
  /** When Digiflazz was last asked about it, and what its last usable answer was. */
  lastAskedAt?: Date;
  last?: PurchaseOutcome;
  /** The call under way for the ref; overlapping calls share it. */
  inFlight?: Promise<StatusOutcome>;
};

/**
 * Digiflazz's customer_no for a destination in kios's canonical form: the primaryParam, followed
 * by the zone for a game account with one (Digiflazz's game products take user id and zone id
 * written together).
 */
export function customerNoOf(destination: Destination): string {
  return destination.primaryParam + (destination.secondaryParam ?? '');
}

export function isFinal(outcome: PurchaseOutcome | undefined): boolean {
  return outcome?.status === 'succeeded' || outcome?.status === 'failed';
}

/** How many ref_ids a process remembers; beyond it the oldest it is not waiting on are forgotten. */
export const SENT_PURCHASES_KEPT = 10_000;

/**
 * The ref_ids this process sent, in memory, for final answers kept and overlapping calls shared. A
 * ref not here was not sent by this process (after a restart the memory is empty, or it was
 * forgotten); checkStatus then asks Digiflazz with the purchase request (see digiflazz.supplier.ts
 * and docs/digiflazz.md). At most `kept` refs are remembered, so a long-running process does not
 * grow with every order: the oldest without a call under way go first.
 */
export class SentPurchases {
  private readonly byRef = new Map<string, SentPurchase>();

  constructor(private readonly kept = SENT_PURCHASES_KEPT) {}

  get size(): number {
    return this.byRef.size;
  }

  get(ref: string): SentPurchase | undefined {
    return this.byRef.get(ref);
  }

  remember(purchase: SentPurchase): SentPurchase {
    this.byRef.set(purchase.ref, purchase);
    if (this.byRef.size > this.kept) this.forgetOldest();
    return purchase;
  }

  /** Down to nine tenths of `kept`, oldest first (a Map iterates in insertion order). */
  private forgetOldest(): void {
    const target = Math.floor(this.kept * 0.9);
    for (const [ref, purchase] of this.byRef) {
      if (this.byRef.size <= target) return;
      if (!purchase.inFlight) this.byRef.delete(ref);
    }
  }
}
