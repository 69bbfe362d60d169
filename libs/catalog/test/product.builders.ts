import { idr } from '@kios/dana-protocol';
import { aProduct } from '@kios/testing';
import type { Offer, Product } from '../src/product';
import { offerData, priceData, productData, type ProductEvent } from '../src/product.events';
import type { ProductCommand } from '../src/product.decider';

export const productListed = (overrides: Partial<Product> = {}): ProductEvent => ({
  type: 'ProductListed',
  data: productData(aProduct(overrides)),
});

export const productPriceChanged = (from: bigint, to: bigint, productId = 'TSEL-10K'): ProductEvent => ({
  type: 'ProductPriceChanged',
  data: { productId, previousPrice: priceData(idr(from)), price: priceData(idr(to)) },
});

export const productAvailabilityChanged = (available: boolean, productId = 'TSEL-10K'): ProductEvent => ({
  type: 'ProductAvailabilityChanged',
  data: { productId, available },
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

export const delistProduct = (productId = 'TSEL-10K'): ProductCommand => ({
  type: 'DelistProduct',
  data: { productId },
});
