import {
  anyOf,
  arrayOf,
  type DomainEvent,
  eventDecoder,
  isBoolean,
  isDigits,
  isPositiveInteger,
  isString,
  type JsonObject,
  oneOf,
  optional,
  shape,
} from '@kios/event-store';
import { idr } from '@kios/dana-protocol';
import type { Delivery, DestinationShape, Module, Offer, Pricing, Product } from './product';

export const PRODUCT_STREAM_PREFIX = 'product-';

/** One stream per product (docs/architecture.md §3). */
export function productStream(productId: string): string {
  return `${PRODUCT_STREAM_PREFIX}${productId}`;
}

/** Money inside an event: a minor-unit digit string, never a number (docs/dana-protocol.md §1.6). */
export type PriceData = { value: string; currency: 'IDR' };

/** One offer as events carry it; `maxCost` only on offers of fixed-price products. */
export type OfferData = { supplier: string; sku: string; maxCost?: PriceData; priority?: number };

/**
 * A whole product as events carry it: plain JSON. `offers` is absent from the product snapshots
 * written before products had offers (OrderPlaced's `product`, order-detail rows); `productFromData`
 * reads that as none. ProductListed always carries it (schema version 2).
 */
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
  offers?: OfferData[];
};

/** What `productData` writes and ProductListed carries: offers always present. */
export type ProductListedData = ProductData & { offers: OfferData[] };

export type ProductListed = DomainEvent<'ProductListed', ProductListedData>;
export type ProductPriceChanged = DomainEvent<
  'ProductPriceChanged',
  { productId: string; previousPrice: PriceData; price: PriceData }
>;
/**
 * `available`: whether DANA is offered the product from now on; `listed`: what the operator lists (the
 * catalog, an admin). They differ while a supplier holds the product unavailable (no offer of it is
 * available, ProductOfferAvailabilityChanged): the operator's listing is kept for when one is again.
 */
export type ProductAvailabilityChanged = DomainEvent<
  'ProductAvailabilityChanged',
  { productId: string; available: boolean; listed: boolean }
>;
/**
 * A supplier's price list says kios can (or cannot, and why) buy the product through one of its offers
 * (supplier and sku): the supplier sync records it when it changes.
 */
export type ProductOfferAvailabilityChanged = DomainEvent<
  'ProductOfferAvailabilityChanged',
  { productId: string; supplier: string; sku: string; available: boolean; reason?: string }
>;
export type ProductDelisted = DomainEvent<'ProductDelisted', { productId: string }>;
/** The catalog links the product to other supplier products (or other maximum costs, or an other order). */
export type ProductOffersChanged = DomainEvent<
  'ProductOffersChanged',
  { productId: string; offers: OfferData[] }
>;

export type ProductEvent =
  | ProductListed
  | ProductPriceChanged
  | ProductAvailabilityChanged
  | ProductDelisted
  | ProductOffersChanged
  | ProductOfferAvailabilityChanged;

const priceDataCheck = shape({ value: isDigits, currency: oneOf('IDR') });

// `priority` came later and is optional: an offer stored without one still means what it meant.
const offerDataCheck = shape({
  supplier: isString,
  sku: isString,
  maxCost: optional(priceDataCheck),
  priority: optional(isPositiveInteger),
});

const productFields = {
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
};

/**
 * A whole product as events carry it (`productData` writes it); Create Order's OrderPlaced carries one
 * too, without `offers` when written before products had them.
 */
export const productDataCheck = shape({ ...productFields, offers: optional(arrayOf(offerDataCheck)) });

const productListedCheck = shape({ ...productFields, offers: arrayOf(offerDataCheck) });

/** ProductListed v1 was written before products had offers: it had none. */
const upcastProductListedV1 = (data: JsonObject): JsonObject => ({ ...data, offers: [] });

/** ProductAvailabilityChanged v1 was written before supplier availability: DANA saw what was listed. */
const upcastAvailabilityChangedV1 = (data: JsonObject): JsonObject => ({ ...data, listed: data.available });

/**
 * Reads stored product events (every reader of a `product-` stream goes through it). ProductListed is
 * at schema version 2 (v2 added `offers`; v1 is upcast with none), and so is ProductAvailabilityChanged
 * (v2 added `listed`; v1 is upcast with what it made available); the other types are at version 1,
 * their first. A changed shape gets a new version here and an upcast from the one before.
 */
export const decodeProductEvent = eventDecoder<ProductEvent>({
  ProductListed: { schemaVersion: 2, check: productListedCheck, upcast: { 1: upcastProductListedV1 } },
  ProductPriceChanged: {
    schemaVersion: 1,
    check: shape({ productId: isString, previousPrice: priceDataCheck, price: priceDataCheck }),
  },
  ProductAvailabilityChanged: {
    schemaVersion: 2,
    check: shape({ productId: isString, available: isBoolean, listed: isBoolean }),
    upcast: { 1: upcastAvailabilityChangedV1 },
  },
  ProductDelisted: { schemaVersion: 1, check: shape({ productId: isString }) },
  ProductOffersChanged: {
    schemaVersion: 1,
    check: shape({ productId: isString, offers: arrayOf(offerDataCheck) }),
  },
  ProductOfferAvailabilityChanged: {
    schemaVersion: 1,
    check: shape({
      productId: isString,
      supplier: isString,
      sku: isString,
      available: isBoolean,
      reason: optional(isString),
    }),
  },
});

export const PRODUCT_EVENT_TYPES: readonly ProductEvent['type'][] = decodeProductEvent.types;

export function priceData(price: Product['price']): PriceData {
  return { value: price.minor.toString(), currency: price.currency };
}

export function priceFromData(data: PriceData): Product['price'] {
  return idr(data.value);
}

export function offerData(offer: Offer): OfferData {
  return {
    supplier: offer.supplier,
    sku: offer.sku,
    ...(offer.maxCost === undefined ? {} : { maxCost: priceData(offer.maxCost) }),
    ...(offer.priority === undefined ? {} : { priority: offer.priority }),
  };
}

export function offerFromData(data: OfferData): Offer {
  return {
    supplier: data.supplier,
    sku: data.sku,
    ...(data.maxCost === undefined ? {} : { maxCost: priceFromData(data.maxCost) }),
    ...(data.priority === undefined ? {} : { priority: data.priority }),
  };
}

export function productData(product: Product): ProductListedData {
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
    offers: product.offers.map(offerData),
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
    offers: (data.offers ?? []).map(offerFromData),
  };
}
