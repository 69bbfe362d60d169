import type { Offer, Product } from '@kios/catalog';

/** The supplier name a catalog offer carries for IAK (catalog file: `offers[].supplier`). */
export const IAK_SUPPLIER_NAME = 'iak';

/** The product's first IAK offer (offers are in the order kios tries them); none: not sold through IAK. */
export function iakOfferOf(product: Product): Offer | undefined {
  return product.offers.find((offer) => offer.supplier === IAK_SUPPLIER_NAME);
}

/** IakSettings.productCodeFor from the catalog: the first IAK offer's sku, IAK's product_code. */
export function iakProductCodeFromOffers(product: Product): string | undefined {
  return iakOfferOf(product)?.sku;
}
