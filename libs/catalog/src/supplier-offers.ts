import { formatRupiah, type Money } from '@kios/dana-protocol';
import type { Offer } from './product';

/**
 * What a supplier's price list says of one of its products (docs/architecture.md §3 "Supplier
 * availability"): what it charges kios, in minor units (none for a bill, whose cost is the bill), and,
 * when it does not sell it now, why (`closed`, e.g. "seller_product_status is false").
 */
export interface SupplierQuote {
  sku: string;
  price?: Money;
  closed?: string;
}

/** An offer a supplier said kios cannot buy now, and why. */
export interface UnavailableOffer {
  supplier: string;
  sku: string;
  reason: string;
}

/**
 * What a listed product's availability is made of, kept beside the product once a supplier has judged
 * one of its offers: what the operator lists (the catalog, an admin) and the offers a supplier said are
 * unavailable. DANA is offered the product when the operator lists it and one of its offers is
 * available (or it has none: the simulator sells it).
 */
export interface ProductSupply {
  listed: boolean;
  unavailableOffers: UnavailableOffer[];
}

export type OfferVerdict = { available: true } | { available: false; reason: string };

export function isOfferOf(
  offer: Pick<Offer, 'supplier' | 'sku'>,
  of: Pick<Offer, 'supplier' | 'sku'>,
): boolean {
  return offer.supplier === of.supplier && offer.sku === of.sku;
}

/**
 * An offer, judged by its supplier's price list: unavailable when the list lacks its sku, when the
 * supplier closed it, or when its price is above the offer's maxCost (kios would be refused with
 * max_price, or sell at a loss). Amounts are minor units on both sides.
 */
export function verdictOn(offer: Offer, quote: SupplierQuote | undefined): OfferVerdict {
  if (quote === undefined) {
    return { available: false, reason: `${offer.sku} is not in ${offer.supplier}'s price list` };
  }
  if (quote.closed !== undefined) return { available: false, reason: quote.closed };
  if (offer.maxCost !== undefined && quote.price !== undefined && quote.price.minor > offer.maxCost.minor) {
    return {
      available: false,
      reason: `price ${formatRupiah(quote.price)} is above maxCost ${formatRupiah(offer.maxCost)}`,
    };
  }
  return { available: true };
}

/** Whether kios can buy the product from some offer; a product without offers is the simulator's. */
export function isSupplied(offers: readonly Offer[], unavailable: readonly UnavailableOffer[]): boolean {
  return offers.length === 0 || offers.some((offer) => !unavailable.some((gone) => isOfferOf(gone, offer)));
}
