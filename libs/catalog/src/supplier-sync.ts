import type { Clock } from '@kios/dana-protocol';
import { AggregateRepository, type EventMetadata, type EventStore } from '@kios/event-store';
import { type CatalogChange, catalogChange, describeCatalogChange } from './catalog-diff';
import { knownProducts } from './known-products';
import { decideProduct, productDecider, type ProductCommand } from './product.decider';
import { decodeProductEvent, productStream } from './product.events';
import type { SupplierQuote } from './supplier-offers';

/** One supplier's whole price list, as its adapter read it (amounts in minor units). */
export interface SupplierPriceList {
  supplier: string;
  quotes: SupplierQuote[];
}

export interface SupplierSyncResult {
  supplier: string;
  /** The listed products with an offer of this supplier: the ones its list was held against. */
  productsChecked: number;
  changes: CatalogChange[];
}

/**
 * Turns a supplier's price list into product events (docs/architecture.md §3 "Supplier
 * availability"): each listed product with an offer of that supplier is decided ApplySupplierQuotes,
 * and only what changed is appended, so a list that says nothing new appends nothing. Like the
 * catalog import, each change is re-decided on the stream as it is when appended.
 */
export async function syncSupplierOffers(
  store: EventStore,
  list: SupplierPriceList,
  options: { clock: Clock; metadata: { correlationId: string; causationId?: string } },
): Promise<SupplierSyncResult> {
  const quotes = new Map(list.quotes.map((quote) => [quote.sku, quote]));
  const repository = new AggregateRepository(store);
  const metadata: EventMetadata = {
    correlationId: options.metadata.correlationId,
    causationId: options.metadata.causationId ?? options.metadata.correlationId,
    recordedAt: options.clock.now().toISOString(),
  };
  const result: SupplierSyncResult = { supplier: list.supplier, productsChecked: 0, changes: [] };
  for (const [productId, state] of await knownProducts(store)) {
    if (state.status !== 'listed') continue;
    if (!state.product.offers.some((offer) => offer.supplier === list.supplier)) continue;
    result.productsChecked += 1;
    const command: ProductCommand = {
      type: 'ApplySupplierQuotes',
      data: { productId, supplier: list.supplier, quotes },
    };
    if (decideProduct(command, state).length === 0) continue;
    const handled = await repository.handle(
      productStream(productId),
      productDecider,
      (current) => decideProduct(command, current),
      metadata,
    );
    result.changes.push(...handled.newEvents.map((event) => catalogChange(decodeProductEvent(event))));
  }
  return result;
}

/** The CLI's and the log's report: one line per change, then a summary line. */
export function formatSupplierSync(result: SupplierSyncResult): string[] {
  const count = (kind: CatalogChange['kind'], available: boolean) =>
    result.changes.filter(
      (change) => change.kind === kind && 'available' in change && change.available === available,
    ).length;
  const summary =
    `${result.supplier}: ${result.productsChecked} products checked; offers: ` +
    `${count('offer_availability_changed', false)} now unavailable, ` +
    `${count('offer_availability_changed', true)} available again; products: ` +
    `${count('availability_changed', false)} now unavailable, ${count('availability_changed', true)} available again`;
  return [...result.changes.map(describeCatalogChange), summary];
}
