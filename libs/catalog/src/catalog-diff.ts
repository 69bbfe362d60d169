import { formatRupiah, type Money } from '@kios/dana-protocol';
import type { Offer, Product } from './product';
import { offerFromData, priceFromData, productFromData, type ProductEvent } from './product.events';

/** One change a catalog import made (or, in a dry run, would make). */
export type CatalogChange =
  | { kind: 'listed'; productId: string; product: Product }
  | { kind: 'price_changed'; productId: string; from: Money; to: Money }
  | { kind: 'availability_changed'; productId: string; available: boolean; listed: boolean }
  | { kind: 'offers_changed'; productId: string; offers: Offer[] }
  | {
      kind: 'offer_availability_changed';
      productId: string;
      supplier: string;
      sku: string;
      available: boolean;
      reason?: string;
    }
  | { kind: 'delisted'; productId: string };

export interface CatalogDiff {
  changes: CatalogChange[];
  /** Catalog entries that already matched the store. */
  unchanged: number;
  dryRun: boolean;
}

export function catalogChange(event: ProductEvent): CatalogChange {
  switch (event.type) {
    case 'ProductListed':
      return { kind: 'listed', productId: event.data.productId, product: productFromData(event.data) };
    case 'ProductPriceChanged':
      return {
        kind: 'price_changed',
        productId: event.data.productId,
        from: priceFromData(event.data.previousPrice),
        to: priceFromData(event.data.price),
      };
    case 'ProductAvailabilityChanged':
      return {
        kind: 'availability_changed',
        productId: event.data.productId,
        available: event.data.available,
        listed: event.data.listed,
      };
    case 'ProductOfferAvailabilityChanged':
      return { kind: 'offer_availability_changed', ...event.data };
    case 'ProductOffersChanged':
      return {
        kind: 'offers_changed',
        productId: event.data.productId,
        offers: event.data.offers.map(offerFromData),
      };
    case 'ProductDelisted':
      return { kind: 'delisted', productId: event.data.productId };
  }
}

const availability = (available: boolean) => (available ? 'available' : 'unavailable');

/** `digiflazz TSEL10 <= Rp 10.290, ...`, or `none`. */
function describeOffers(offers: Offer[]): string {
  if (offers.length === 0) return 'none';
  return offers
    .map(
      (offer) =>
        `${offer.supplier} ${offer.sku}` +
        (offer.maxCost === undefined ? '' : ` <= ${formatRupiah(offer.maxCost)}`),
    )
    .join(', ');
}

/** One change as one line of a report. */
export function describeCatalogChange(change: CatalogChange): string {
  switch (change.kind) {
    case 'listed': {
      const { product } = change;
      return (
        `listed     ${product.productId}  ${product.type}/${product.provider}  ${product.name}  ` +
        `${formatRupiah(product.price)}  ${availability(product.available)}`
      );
    }
    case 'price_changed':
      return `price      ${change.productId}  ${formatRupiah(change.from)} -> ${formatRupiah(change.to)}`;
    case 'availability_changed':
      return (
        `available  ${change.productId}  now ${availability(change.available)}` +
        (change.listed === change.available ? '' : ' (listed available, but no supplier offer is)')
      );
    case 'offer_availability_changed':
      return (
        `offer      ${change.productId}  ${change.supplier} ${change.sku} now ${availability(change.available)}` +
        (change.reason === undefined ? '' : `: ${change.reason}`)
      );
    case 'offers_changed':
      return `offers     ${change.productId}  now ${describeOffers(change.offers)}`;
    case 'delisted':
      return `delisted   ${change.productId}`;
  }
}

/** The CLI's report: one line per change, then a summary line. */
export function formatCatalogDiff(diff: CatalogDiff): string[] {
  const count = (kind: CatalogChange['kind']) => diff.changes.filter((change) => change.kind === kind).length;
  const summary =
    `${count('listed')} listed, ${count('price_changed')} price changed, ` +
    `${count('availability_changed')} availability changed, ${count('offers_changed')} offers changed, ` +
    `${count('delisted')} delisted, ` +
    `${diff.unchanged} unchanged` +
    (diff.dryRun ? ' (dry run: nothing appended)' : '');
  return [...diff.changes.map(describeCatalogChange), summary];
}
