import type { EventSourcedDecider } from '@kios/event-store';
import type { Money } from '@kios/dana-protocol';
import type { DestinationShape, Pricing, Product } from './product';
import {
  InvalidProductPriceError,
  ProductDefinitionChangedError,
  ProductDelistedError,
  ProductNotListedError,
} from './product.errors';
import {
  decodeProductEvent,
  priceData,
  priceFromData,
  productData,
  productFromData,
  type ProductEvent,
} from './product.events';

export type ProductState =
  { status: 'unlisted' } | { status: 'listed'; product: Product } | { status: 'delisted'; product: Product };

/**
 * - SyncProduct: make the product what the catalog file says (list it, or change its price and
 *   availability); the import sends one per catalog entry.
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

/** Everything but price and availability: what DANA files the product under. */
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

function sync(state: ProductState, wanted: Product): ProductEvent[] {
  if (state.status === 'unlisted') {
    if (!isAcceptablePrice(wanted.pricing, wanted.price))
      throw new InvalidProductPriceError(wanted.productId);
    return [{ type: 'ProductListed', data: productData(wanted) }];
  }
  const listed = listedProduct(state, wanted.productId);
  const changed = changedDefinitionFields(listed, wanted);
  if (changed.length > 0) throw new ProductDefinitionChangedError(wanted.productId, changed);
  return [...priceChange(listed, wanted.price), ...availabilityChange(listed, wanted.available)];
}

export function decideProduct(command: ProductCommand, state: ProductState): ProductEvent[] {
  switch (command.type) {
    case 'SyncProduct':
      return sync(state, command.data.product);
    case 'ChangePrice':
      return priceChange(listedProduct(state, command.data.productId), command.data.price);
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
