import { formatRupiah, type Money } from '@kios/dana-protocol';
import type { Product } from './product';
import { priceFromData, productFromData, type ProductEvent } from './product.events';

/** One change a catalog import made (or, in a dry run, would make). */
export type CatalogChange =
  | { kind: 'listed'; productId: string; product: Product }
  | { kind: 'price_changed'; productId: string; from: Money; to: Money }
  | { kind: 'availability_changed'; productId: string; available: boolean }
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
      };
    case 'ProductDelisted':
      return { kind: 'delisted', productId: event.data.productId };
  }
}

const availability = (available: boolean) => (available ? 'available' : 'unavailable');

function describe(change: CatalogChange): string {
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
      return `available  ${change.productId}  now ${availability(change.available)}`;
    case 'delisted':
      return `delisted   ${change.productId}`;
  }
}

/** The CLI's report: one line per change, then a summary line. */
export function formatCatalogDiff(diff: CatalogDiff): string[] {
  const count = (kind: CatalogChange['kind']) => diff.changes.filter((change) => change.kind === kind).length;
  const summary =
    `${count('listed')} listed, ${count('price_changed')} price changed, ` +
    `${count('availability_changed')} availability changed, ${count('delisted')} delisted, ` +
    `${diff.unchanged} unchanged` +
    (diff.dryRun ? ' (dry run: nothing appended)' : '');
  return [...diff.changes.map(describe), summary];
}
