import {
  anyOf,
  type DomainEvent,
  eventDecoder,
  isBoolean,
  isDigits,
  isString,
  oneOf,
  shape,
} from '@kios/event-store';
import { idr } from '@kios/dana-protocol';
import type { Delivery, DestinationShape, Module, Pricing, Product } from './product';

export const PRODUCT_STREAM_PREFIX = 'product-';

/** One stream per product (docs/architecture.md §3). */
export function productStream(productId: string): string {
  return `${PRODUCT_STREAM_PREFIX}${productId}`;
}

/** Money inside an event: a minor-unit digit string, never a number (docs/dana-protocol.md §1.6). */
export type PriceData = { value: string; currency: 'IDR' };

/** A whole product as events carry it: plain JSON. */
export type ProductData = {
  productId: string;
  type: string;
  provider: string;
  name: string;
  module: Module;
  price: PriceData;
  available: boolean;
  destination: DestinationShape;
  pricing: Pricing;
  delivery: Delivery;
};

export type ProductListed = DomainEvent<'ProductListed', ProductData>;
export type ProductPriceChanged = DomainEvent<
  'ProductPriceChanged',
  { productId: string; previousPrice: PriceData; price: PriceData }
>;
export type ProductAvailabilityChanged = DomainEvent<
  'ProductAvailabilityChanged',
  { productId: string; available: boolean }
>;
export type ProductDelisted = DomainEvent<'ProductDelisted', { productId: string }>;

export type ProductEvent = ProductListed | ProductPriceChanged | ProductAvailabilityChanged | ProductDelisted;

const priceDataCheck = shape({ value: isDigits, currency: oneOf('IDR') });

/** A whole product as events carry it (`productData` writes it); Create Order's OrderPlaced carries one too. */
export const productDataCheck = shape({
  productId: isString,
  type: isString,
  provider: isString,
  name: isString,
  module: oneOf('telco', 'biller', 'games'),
  price: priceDataCheck,
  available: isBoolean,
  destination: anyOf(
    shape({ kind: oneOf('phone', 'electricity_meter', 'customer_id', 'none') }),
    shape({ kind: oneOf('game_account'), zone: isBoolean }),
  ),
  pricing: oneOf('fixed', 'bill'),
  delivery: oneOf('serial', 'token', 'voucher'),
});

/**
 * Reads stored product events (every reader of a `product-` stream goes through it). Every type is
 * at schema version 1, its first: no upcasts yet. A changed shape gets a new version here and an
 * upcast from the one before.
 */
export const decodeProductEvent = eventDecoder<ProductEvent>({
  ProductListed: { schemaVersion: 1, check: productDataCheck },
  ProductPriceChanged: {
    schemaVersion: 1,
    check: shape({ productId: isString, previousPrice: priceDataCheck, price: priceDataCheck }),
  },
  ProductAvailabilityChanged: {
    schemaVersion: 1,
    check: shape({ productId: isString, available: isBoolean }),
  },
  ProductDelisted: { schemaVersion: 1, check: shape({ productId: isString }) },
});

export const PRODUCT_EVENT_TYPES: readonly ProductEvent['type'][] = decodeProductEvent.types;

export function priceData(price: Product['price']): PriceData {
  return { value: price.minor.toString(), currency: price.currency };
}

export function priceFromData(data: PriceData): Product['price'] {
  return idr(data.value);
}

export function productData(product: Product): ProductData {
  return {
    productId: product.productId,
    type: product.type,
    provider: product.provider,
    name: product.name,
    module: product.module,
    price: priceData(product.price),
    available: product.available,
    destination: { ...product.destination },
    pricing: product.pricing,
    delivery: product.delivery,
  };
}

export function productFromData(data: ProductData): Product {
  return {
    productId: data.productId,
    type: data.type,
    provider: data.provider,
    name: data.name,
    module: data.module,
    price: priceFromData(data.price),
    available: data.available,
    destination: { ...data.destination },
    pricing: data.pricing,
    delivery: data.delivery,
  };
}
