import type { SupplierQuote } from '@kios/catalog';
import type { Money } from '@kios/dana-protocol';
import type { PriceListRead, SupplierAccount } from '../supplier-account';
import { IAK_SUPPLIER_NAME } from './iak-offers';
import type { IakPriceListEntry } from './iak.supplier';

/** What the account reads through: IakSupplier's price list and check-balance. */
export interface IakAccountCalls {
  priceList(): Promise<IakPriceListEntry[]>;
  balance(): Promise<Money>;
}

/** A price-list entry as the catalog judges offers by: the product_code, its price, closed unless `active`. */
export function iakQuoteOf(entry: IakPriceListEntry): SupplierQuote {
  return {
    sku: entry.productCode,
    ...(entry.price === undefined ? {} : { price: entry.price }),
    ...(entry.active
      ? {}
      : { closed: `status is ${JSON.stringify(entry.raw.status ?? null)}, not "active"` }),
  };
}

/**
 * The IAK account behind the SupplierAccount port: the prepaid price list as quotes, and the
 * deposit. IAK documents no rate limit on its price list (docs/iak.md §9), so a read is never
 * `rate_limited`; an unreadable one throws, and what kios made of the last list stands.
 */
export class IakAccount implements SupplierAccount {
  readonly supplier = IAK_SUPPLIER_NAME;

  constructor(private readonly calls: IakAccountCalls) {}

  async readPriceList(): Promise<PriceListRead> {
    const entries = await this.calls.priceList();
    return { status: 'read', priceList: { supplier: this.supplier, quotes: entries.map(iakQuoteOf) } };
  }

  balance(): Promise<Money> {
    return this.calls.balance();
  }
}
