import type { SupplierPriceList } from '@kios/catalog';
import type { Money } from '@kios/dana-protocol';

/**
 * What kios reads of its account at a real supplier besides purchases: its price list, which the
 * supplier sync holds the catalog's offers against, and its deposit. The simulator has none.
 */
export interface SupplierAccount {
  /** The name catalog offers give this supplier (`offers[].supplier`). */
  readonly supplier: string;
  /** The whole price list, or `rate_limited` when the supplier says it is asked too often. Throws when unreadable. */
  readPriceList(): Promise<PriceListRead>;
  /** The deposit left, in minor units. Throws when unreadable. */
  balance(): Promise<Money>;
}

/**
 * - read: a list the supplier gave now
 * - rate_limited: the supplier turned the call away as too frequent (Digiflazz rc 83); what kios
 *   already made of its last list stands, and the caller asks again later than it would have
 */
export type PriceListRead =
  { status: 'read'; priceList: SupplierPriceList } | { status: 'rate_limited'; reason: string };

/** Provides the SupplierAccount of the configured supplier, or null (the simulator). */
export const SUPPLIER_ACCOUNT = Symbol('SUPPLIER_ACCOUNT');
