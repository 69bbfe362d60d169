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

/**
 * The ref_ids this process sent, in memory, for final answers kept and overlapping calls shared. A
 * ref not here was not sent by this process (after a restart the memory is empty); checkStatus then
 * asks Digiflazz with the purchase request (see digiflazz.supplier.ts and docs/digiflazz.md).
 */
export class SentPurchases {
  private readonly byRef = new Map<string, SentPurchase>();

  get(ref: string): SentPurchase | undefined {
    return this.byRef.get(ref);
  }

  remember(purchase: SentPurchase): SentPurchase {
    this.byRef.set(purchase.ref, purchase);
    return purchase;
  }
}
