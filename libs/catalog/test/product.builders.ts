import { idr } from '@kios/dana-protocol';
import { aProduct } from '@kios/testing';
import type { Offer, Product } from '../src/product';
import { offerData, priceData, productData, type ProductEvent } from '../src/product.events';
import type { ProductCommand } from '../src/product.decider';
import type { SupplierQuote } from '../src/supplier-offers';

export const productListed = (overrides: Partial<Product> = {}): ProductEvent => ({
  type: 'ProductListed',
  data: productData(aProduct(overrides)),
});

export const productPriceChanged = (from: bigint, to: bigint, productId = 'TSEL-10K'): ProductEvent => ({
  type: 'ProductPriceChanged',
  data: { productId, previousPrice: priceData(idr(from)), price: priceData(idr(to)) },
});

/** What DANA is offered; `listed`, the operator's listing, is the same unless a supplier holds the product. */
export const productAvailabilityChanged = (
  available: boolean,
  productId = 'TSEL-10K',
  listed = available,
): ProductEvent => ({
  type: 'ProductAvailabilityChanged',
  data: { productId, available, listed },
});

/** A supplier's word on one offer; unavailable ones say why. */
export const offerAvailabilityChanged = (
  available: boolean,
  reason?: string,
  { sku = 'TSEL10', supplier = 'digiflazz', productId = 'TSEL-10K' } = {},
): ProductEvent => ({
  type: 'ProductOfferAvailabilityChanged',
  data: { productId, supplier, sku, available, ...(reason === undefined ? {} : { reason }) },
});

export const productOffersChanged = (offers: Offer[], productId = 'TSEL-10K'): ProductEvent => ({
  type: 'ProductOffersChanged',
  data: { productId, offers: offers.map(offerData) },
});

/** Digiflazz's SKU for the builders' Telkomsel Pulsa 10.000 (Rp 10.250), bought for at most `maxRupiah`. */
export const digiflazzOffer = (sku = 'TSEL10', maxRupiah = 10_000n): Offer => ({
  supplier: 'digiflazz',
  sku,
  maxCost: idr(maxRupiah * 100n),
});

export const productDelisted = (productId = 'TSEL-10K'): ProductEvent => ({
  type: 'ProductDelisted',
  data: { productId },
});

export const syncProduct = (overrides: Partial<Product> = {}): ProductCommand => ({
  type: 'SyncProduct',
  data: { product: aProduct(overrides) },
});

export const changePrice = (minor: bigint, productId = 'TSEL-10K'): ProductCommand => ({
  type: 'ChangePrice',
  data: { productId, price: idr(minor) },
});

export const changeAvailability = (available: boolean, productId = 'TSEL-10K'): ProductCommand => ({
  type: 'ChangeAvailability',
  data: { productId, available },
});

/** A supplier's price list, as the supplier sync hands it to one product. */
export const applySupplierQuotes = (
  quotes: SupplierQuote[],
  { supplier = 'digiflazz', productId = 'TSEL-10K' } = {},
): ProductCommand => ({
  type: 'ApplySupplierQuotes',
  data: { productId, supplier, quotes: new Map(quotes.map((quote) => [quote.sku, quote])) },
});

/** Digiflazz's quote for `sku` at `rupiah`, open unless `closed` says why not. */
export const quote = (sku: string, rupiah: bigint, closed?: string): SupplierQuote => ({
  sku,
  price: idr(rupiah * 100n),
  ...(closed === undefined ? {} : { closed }),
});

export const delistProduct = (productId = 'TSEL-10K'): ProductCommand => ({
  type: 'DelistProduct',
  data: { productId },
});
