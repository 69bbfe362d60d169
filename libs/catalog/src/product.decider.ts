import type { EventSourcedDecider } from '@kios/event-store';
import { formatRupiah, type Money } from '@kios/dana-protocol';
import type { DestinationShape, Offer, Pricing, Product } from './product';
import {
  InvalidProductOffersError,
  InvalidProductPriceError,
  ProductDefinitionChangedError,
  ProductDelistedError,
  ProductNotListedError,
} from './product.errors';
import {
  decodeProductEvent,
  offerData,
  offerFromData,
  priceData,
  priceFromData,
  productData,
  productFromData,
  type ProductEvent,
} from './product.events';

export type ProductState =
  { status: 'unlisted' } | { status: 'listed'; product: Product } | { status: 'delisted'; product: Product };

/**
 * - SyncProduct: make the product what the catalog file says (list it, or change its price,
 *   availability and offers); the import sends one per catalog entry.
 * - ChangePrice / ChangeAvailability / DelistProduct: one change, e.g. from an admin or a supplier outage.
 */
export type ProductCommand =
  | { type: 'SyncProduct'; data: { product: Product } }
  | { type: 'ChangePrice'; data: { productId: string; price: Money } }
  | { type: 'ChangeAvailability'; data: { productId: string; available: boolean } }
  | { type: 'DelistProduct'; data: { productId: string } };

export const initialProductState: ProductState = { status: 'unlisted' };

/** Bill-priced products take their amount from the inquiry, so their catalog price may be 0. */
export function isAcceptablePrice(pricing: Pricing, price: Money): boolean {
  return pricing === 'bill' || price.minor > 0n;
}

/**
 * The rules of a product's offers, each problem naming the offer's field (`offers[1].maxCost ...`):
 * one supplier SKU appears once; a fixed-price product's offer has a maxCost above 0, in whole rupiah
 * (what suppliers take), and not above the price DANA pays kios (kios would sell at a loss); a
 * bill-priced product's offer has none, since a bill's cost is the bill, known only from the inquiry.
 */
export function offerProblems(product: Pick<Product, 'pricing' | 'price' | 'offers'>): string[] {
  const problems: string[] = [];
  const firstIndexOf = new Map<string, number>();
  product.offers.forEach((offer, index) => {
    const field = `offers[${index}]`;
    const key = JSON.stringify([offer.supplier, offer.sku]);
    const first = firstIndexOf.get(key);
    if (first === undefined) firstIndexOf.set(key, index);
    else problems.push(`${field} repeats offers[${first}] (supplier ${offer.supplier}, sku ${offer.sku})`);
    const { maxCost } = offer;
    if (product.pricing === 'bill') {
      if (maxCost !== undefined) {
        problems.push(`${field}.maxCost is for fixed-price products only: a bill's cost is the bill`);
      }
      return;
    }
    if (maxCost === undefined) problems.push(`${field}.maxCost is required for a fixed-price product`);
    else if (maxCost.minor <= 0n) problems.push(`${field}.maxCost.value must be above 0`);
    else if (maxCost.minor % 100n !== 0n) {
      problems.push(`${field}.maxCost.value must be whole rupiah (a multiple of 100 minor units)`);
    } else if (maxCost.minor > product.price.minor) {
      problems.push(
        `${field}.maxCost ${formatRupiah(maxCost)} is above the price ${formatRupiah(product.price)}: ` +
          'kios would sell at a loss',
      );
    }
  });
  return problems;
}

function checkOffers(product: Pick<Product, 'productId' | 'pricing' | 'price' | 'offers'>): void {
  const problems = offerProblems(product);
  if (problems.length > 0) throw new InvalidProductOffersError(product.productId, problems);
}

function sameOffer(a: Offer, b: Offer): boolean {
  return a.supplier === b.supplier && a.sku === b.sku && a.maxCost?.minor === b.maxCost?.minor;
}

/** Offers are tried in order, so another order is another list. */
function sameOffers(a: Offer[], b: Offer[]): boolean {
  return a.length === b.length && a.every((offer, index) => sameOffer(offer, b[index]));
}

/** Everything but price, availability and offers: what DANA files the product under. */
const DEFINITION_FIELDS = [
  'type',
  'provider',
  'name',
  'module',
  'destination',
  'pricing',
  'delivery',
] as const;

function sameDestination(a: DestinationShape, b: DestinationShape): boolean {
  if (a.kind !== b.kind) return false;
  return a.kind !== 'game_account' || a.zone === (b as typeof a).zone;
}

function changedDefinitionFields(listed: Product, wanted: Product): string[] {
  return DEFINITION_FIELDS.filter((field) =>
    field === 'destination'
      ? !sameDestination(listed.destination, wanted.destination)
      : listed[field] !== wanted[field],
  );
}

function listedProduct(state: ProductState, productId: string): Product {
  if (state.status === 'unlisted') throw new ProductNotListedError(productId);
  if (state.status === 'delisted') throw new ProductDelistedError(productId);
  return state.product;
}

function priceChange(product: Product, price: Money): ProductEvent[] {
  if (product.price.minor === price.minor) return [];
  if (!isAcceptablePrice(product.pricing, price)) throw new InvalidProductPriceError(product.productId);
  return [
    {
      type: 'ProductPriceChanged',
      data: {
        productId: product.productId,
        previousPrice: priceData(product.price),
        price: priceData(price),
      },
    },
  ];
}

function availabilityChange(product: Product, available: boolean): ProductEvent[] {
  if (product.available === available) return [];
  return [{ type: 'ProductAvailabilityChanged', data: { productId: product.productId, available } }];
}

function offersChange(product: Product, offers: Offer[]): ProductEvent[] {
  if (sameOffers(product.offers, offers)) return [];
  return [
    { type: 'ProductOffersChanged', data: { productId: product.productId, offers: offers.map(offerData) } },
  ];
}

function sync(state: ProductState, wanted: Product): ProductEvent[] {
  if (state.status === 'unlisted') {
    if (!isAcceptablePrice(wanted.pricing, wanted.price))
      throw new InvalidProductPriceError(wanted.productId);
    checkOffers(wanted);
    return [{ type: 'ProductListed', data: productData(wanted) }];
  }
  const listed = listedProduct(state, wanted.productId);
  const changed = changedDefinitionFields(listed, wanted);
  if (changed.length > 0) throw new ProductDefinitionChangedError(wanted.productId, changed);
  const events = [
    ...priceChange(listed, wanted.price),
    ...availabilityChange(listed, wanted.available),
    ...offersChange(listed, wanted.offers),
  ];
  if (events.length > 0) checkOffers(wanted);
  return events;
}

/** A new price must stay at or above every offer's maxCost. */
function changePrice(product: Product, price: Money): ProductEvent[] {
  const events = priceChange(product, price);
  if (events.length > 0) checkOffers({ ...product, price });
  return events;
}

export function decideProduct(command: ProductCommand, state: ProductState): ProductEvent[] {
  switch (command.type) {
    case 'SyncProduct':
      return sync(state, command.data.product);
    case 'ChangePrice':
      return changePrice(listedProduct(state, command.data.productId), command.data.price);
    case 'ChangeAvailability':
      return availabilityChange(listedProduct(state, command.data.productId), command.data.available);
    case 'DelistProduct':
      if (state.status === 'delisted') return []; // the fact already holds
      return [
        {
          type: 'ProductDelisted',
          data: { productId: listedProduct(state, command.data.productId).productId },
        },
      ];
  }
}

export function evolveProduct(state: ProductState, event: ProductEvent): ProductState {
  switch (event.type) {
    case 'ProductListed':
      return { status: 'listed', product: productFromData(event.data) };
    case 'ProductPriceChanged':
      if (state.status !== 'listed') return state;
      return { status: 'listed', product: { ...state.product, price: priceFromData(event.data.price) } };
    case 'ProductAvailabilityChanged':
      if (state.status !== 'listed') return state;
      return { status: 'listed', product: { ...state.product, available: event.data.available } };
    case 'ProductOffersChanged':
      if (state.status !== 'listed') return state;
      return {
        status: 'listed',
        product: { ...state.product, offers: event.data.offers.map(offerFromData) },
      };
    case 'ProductDelisted':
      if (state.status !== 'listed') return state;
      return { status: 'delisted', product: state.product };
  }
}

export const productDecider: EventSourcedDecider<ProductCommand, ProductEvent, ProductState> = {
  decide: decideProduct,
  evolve: evolveProduct,
  initialState: initialProductState,
  decode: decodeProductEvent,
};
