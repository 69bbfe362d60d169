import type { Offer, Product } from '@kios/catalog';
import type { Money } from '@kios/dana-protocol';

/** The supplier name a catalog offer carries for Digiflazz (catalog file: `offers[].supplier`). */
export const DIGIFLAZZ_SUPPLIER_NAME = 'digiflazz';

/** The product's first Digiflazz offer (offers are in the order kios tries them); none: not sold through Digiflazz. */
export function digiflazzOfferOf(product: Product): Offer | undefined {
  return product.offers.find((offer) => offer.supplier === DIGIFLAZZ_SUPPLIER_NAME);
}

/** DigiflazzSettings.skuFor from the catalog: the first Digiflazz offer's sku. */
export function digiflazzSkuFromOffers(product: Product): string | undefined {
  return digiflazzOfferOf(product)?.sku;
}

/** DigiflazzSettings.maxPriceFor from the catalog: the first Digiflazz offer's maxCost (sent as `max_price`). */
export function digiflazzMaxPriceFromOffers(product: Product): Money | undefined {
  return digiflazzOfferOf(product)?.maxCost;
}
