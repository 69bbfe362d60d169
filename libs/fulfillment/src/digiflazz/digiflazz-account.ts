import type { SupplierQuote } from '@kios/catalog';
import type { Money } from '@kios/dana-protocol';
import type { PriceListRead, SupplierAccount } from '../supplier-account';
import { RC_PRICE_LIST_LIMIT } from './digiflazz-codes';
import { DigiflazzCallError } from './digiflazz-client';
import { DIGIFLAZZ_SUPPLIER_NAME } from './digiflazz-offers';
import type {
  DigiflazzPriceListCmd,
  DigiflazzPriceListEntry,
  DigiflazzPriceListSnapshot,
} from './digiflazz-price-list';

/** What the account reads through: DigiflazzSupplier's cached price lists and its cek-saldo. */
export interface DigiflazzAccountCalls {
  priceList(cmd: DigiflazzPriceListCmd): Promise<DigiflazzPriceListSnapshot>;
  balance(): Promise<Money>;
}

/** An entry's statuses as the reason kios cannot buy it, or undefined when both are on (docs/digiflazz.md §7). */
function closedBecause(raw: Record<string, unknown>): string | undefined {
  const off = (['buyer_product_status', 'seller_product_status'] as const).filter(
    (field) => raw[field] !== true,
  );
  if (off.length === 0) return undefined;
  return `${off.join(' and ')} ${off.length === 1 ? 'is' : 'are'} false`;
}

/** A price-list entry as the catalog judges offers by: the sku, its price in minor units, closed or not. */
export function quoteOf(entry: DigiflazzPriceListEntry): SupplierQuote {
  const closed = closedBecause(entry.raw);
  return {
    sku: entry.sku,
    ...(entry.price === undefined ? {} : { price: entry.price }),
    ...(closed === undefined ? {} : { closed }),
  };
}

class RateLimited extends Error {}

/**
 * The Digiflazz account behind the SupplierAccount port: both price lists (`prepaid` for topups and
 * vouchers, `pasca` for bills) as one list of quotes, and the deposit. An rc 83 on either list —
 * answered now, or the cache's backoff after one — is `rate_limited`: nothing of either list is
 * used, so no offer is judged on half a list.
 */
export class DigiflazzAccount implements SupplierAccount {
  readonly supplier = DIGIFLAZZ_SUPPLIER_NAME;

  constructor(private readonly calls: DigiflazzAccountCalls) {}

  async readPriceList(): Promise<PriceListRead> {
    try {
      const lists = [await this.fresh('prepaid'), await this.fresh('pasca')];
      return {
        status: 'read',
        priceList: { supplier: this.supplier, quotes: lists.flatMap((list) => list.entries.map(quoteOf)) },
      };
    } catch (error) {
      if (error instanceof RateLimited) return { status: 'rate_limited', reason: error.message };
      throw error;
    }
  }

  balance(): Promise<Money> {
    return this.calls.balance();
  }

  /** The list as Digiflazz gives it now; a stale one (the call failed) is not news. */
  private async fresh(cmd: DigiflazzPriceListCmd): Promise<DigiflazzPriceListSnapshot> {
    let snapshot: DigiflazzPriceListSnapshot;
    try {
      snapshot = await this.calls.priceList(cmd);
    } catch (error) {
      if (error instanceof DigiflazzCallError && error.rc === RC_PRICE_LIST_LIMIT)
        throw new RateLimited(error.message);
      throw error;
    }
    if (!snapshot.stale) return snapshot;
    const reason = snapshot.staleBecause?.reason ?? `${cmd} price list could not be read`;
    if (snapshot.staleBecause?.rc === RC_PRICE_LIST_LIMIT) throw new RateLimited(reason);
    throw new DigiflazzCallError(reason, snapshot.staleBecause?.rc);
  }
}
