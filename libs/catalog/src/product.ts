import type { Money } from '@kios/dana-protocol';

/** The three Digital Goods modules (docs/dana-protocol.md §1.1). */
export type Module = 'telco' | 'biller' | 'games';

/**
 * What a product's destination looks like; the catalog says it, code checks it.
 * - phone: an Indonesian mobile number whose operator prefix must match the product's provider
 * - electricity_meter: an 11-digit PLN meter number
 * - customer_id: a 12-digit biller customer id (PLN postpaid, PDAM, BPJS, internet, education)
 * - game_account: a game user id, with a zone/server id (`secondaryParam`) when `zone` is true
 * - none: vouchers delivered as a code; primaryParam is the buyer's phone or email, not checked
 */
export type DestinationShape =
  | { kind: 'phone' }
  | { kind: 'electricity_meter' }
  | { kind: 'customer_id' }
  | { kind: 'game_account'; zone: boolean }
  | { kind: 'none' };

/**
 * How the selling price is set:
 * - fixed: the catalog price; Create Order's danaSellingPrice must equal it
 * - bill: the amount of the bill found by Destination Inquiry; danaSellingPrice must equal the inquiry's total
 */
export type Pricing = 'fixed' | 'bill';

/** What the supplier delivers besides its serial number. */
export type Delivery = 'serial' | 'token' | 'voucher';

/**
 * Where kios buys a product: one supplier's SKU (for Digiflazz its `buyer_sku_code`). Offers are in
 * the order kios tries them.
 */
export interface Offer {
  /** The supplier's name in kios, e.g. `digiflazz`. */
  supplier: string;
  sku: string;
  /**
   * The most kios pays the supplier for one purchase (Digiflazz's `max_price`); a supplier asking more
   * is refused. Fixed-price products only: a bill's cost is the bill, which only the inquiry knows.
   */
  maxCost?: Money;
  /**
   * Routing order set by the operator: a lower number is tried first, before any offer without one,
   * whatever the costs (a routed kios otherwise tries the cheapest first: libs/fulfillment/src/routing).
   */
  priority?: number;
}

export interface Product {
  productId: string;
  /** DANA biz type, e.g. MOBILE_CREDIT; an opaque string from the catalog (docs/dana-protocol.md §4.1). */
  type: string;
  /** DANA provider, e.g. telkomsel; an opaque string from the catalog (docs/dana-protocol.md §4.2). */
  provider: string;
  name: string;
  module: Module;
  price: Money;
  available: boolean;
  destination: DestinationShape;
  pricing: Pricing;
  delivery: Delivery;
  /** Where kios buys it, in the order to try; empty when the catalog links it to no supplier product. */
  offers: Offer[];
}

/** A product as Get List of Product shows it (the `product` read model): offers are kios's own business. */
export type ListedProduct = Omit<Product, 'offers'>;
