import type { ListedProduct } from '@kios/catalog';
import { type DanaProduct, formatMoney } from '@kios/dana-protocol';

/** A product as DANA sees it (docs/dana-protocol.md §3.0): price in minor units, availability as a boolean. */
export function toDanaProduct(product: ListedProduct): DanaProduct {
  return {
    productId: product.productId,
    type: product.type,
    provider: product.provider,
    price: formatMoney(product.price),
    availability: product.available,
  };
}
