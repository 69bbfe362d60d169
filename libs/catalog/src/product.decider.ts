import type { EventSourcedDecider } from '@kios/event-store';
import type { Money } from '@kios/dana-protocol';
import { checkOffers, isAcceptablePrice } from './offer-rules';
import type { DestinationShape, Offer, Product } from './product';
import {
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
import {
  isOfferOf,
  isSupplied,
  type ProductSupply,
  type SupplierQuote,
  type UnavailableOffer,
  verdictOn,
} from './supplier-offers';

/**
 * A listed product's `product.available` is what DANA is offered; `supply` is what it is made of once
 * a supplier has judged one of its offers (absent: the operator's listing alone, every offer available).
 */
export type ProductState =
  | { status: 'unlisted' }
  | { status: 'listed'; product: Product; supply?: ProductSupply }
  | { status: 'delisted'; product: Product };

/**
 * - SyncProduct: make the product what the catalog file says (list it, or change its price,
 *   availability and offers); the import sends one per catalog entry.
 * - ChangePrice / ChangeAvailability / DelistProduct: one change, e.g. from an admin.
 * - ApplySupplierQuotes: what one supplier's price list says of the product's offers of that
 *   supplier, by sku (the supplier sync sends one per product with such offers).
 */
export type ProductCommand =
  | { type: 'SyncProduct'; data: { product: Product } }
  | { type: 'ChangePrice'; data: { productId: string; price: Money } }
  | { type: 'ChangeAvailability'; data: { productId: string; available: boolean } }
  | { type: 'DelistProduct'; data: { productId: string } }
  | {
      type: 'ApplySupplierQuotes';
      data: { productId: string; supplier: string; quotes: ReadonlyMap<string, SupplierQuote> };
    };

export const initialProductState: ProductState = { status: 'unlisted' };

function sameOffer(a: Offer, b: Offer): boolean {
  return (
    a.supplier === b.supplier &&
    a.sku === b.sku &&
    a.maxCost?.minor === b.maxCost?.minor &&
    a.priority === b.priority
  );
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

type ListedState = Extract<ProductState, { status: 'listed' }>;

function listedState(state: ProductState, productId: string): ListedState {
  if (state.status === 'unlisted') throw new ProductNotListedError(productId);
  if (state.status === 'delisted') throw new ProductDelistedError(productId);
  return state;
}

function listedProduct(state: ProductState, productId: string): Product {
  return listedState(state, productId).product;
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

function supplyOf(state: ListedState): ProductSupply {
  return state.supply ?? { listed: state.product.available, unavailableOffers: [] };
}

/**
 * What DANA is offered once the operator lists `listed` with `offers`: listed, and buyable through
 * an offer no supplier said is unavailable. A supplier's "unavailable" stands for the offers still
 * listed until its next price list says otherwise: an import does not override it.
 */
function availabilityChange(
  product: Product,
  supply: ProductSupply,
  listed: boolean,
  offers: readonly Offer[],
): ProductEvent[] {
  const stillUnavailable = supply.unavailableOffers.filter((gone) =>
    offers.some((offer) => isOfferOf(gone, offer)),
  );
  const available = listed && isSupplied(offers, stillUnavailable);
  if (product.available === available && supply.listed === listed) return [];
  return [{ type: 'ProductAvailabilityChanged', data: { productId: product.productId, available, listed } }];
}

/** The offers of `supplier` whose availability its price list changes, then the product's, if that changes. */
function applyQuotes(
  state: ListedState,
  supplier: string,
  quotes: ReadonlyMap<string, SupplierQuote>,
): ProductEvent[] {
  const { product } = state;
  const supply = supplyOf(state);
  const events: ProductEvent[] = [];
  const unavailable: UnavailableOffer[] = supply.unavailableOffers.filter(
    (gone) => gone.supplier !== supplier,
  );
  for (const offer of product.offers.filter((candidate) => candidate.supplier === supplier)) {
    const verdict = verdictOn(offer, quotes.get(offer.sku));
    const wasAvailable = !supply.unavailableOffers.some((gone) => isOfferOf(gone, offer));
    if (!verdict.available) unavailable.push({ supplier, sku: offer.sku, reason: verdict.reason });
    if (verdict.available === wasAvailable) continue;
    events.push({
      type: 'ProductOfferAvailabilityChanged',
      data: {
        productId: product.productId,
        supplier,
        sku: offer.sku,
        available: verdict.available,
        ...(verdict.available ? {} : { reason: verdict.reason }),
      },
    });
  }
  const available = supply.listed && isSupplied(product.offers, unavailable);
  if (available !== product.available) {
    events.push({
      type: 'ProductAvailabilityChanged',
      data: { productId: product.productId, available, listed: supply.listed },
    });
  }
  return events;
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
  const current = listedState(state, wanted.productId);
  const listed = current.product;
  const changed = changedDefinitionFields(listed, wanted);
  if (changed.length > 0) throw new ProductDefinitionChangedError(wanted.productId, changed);
  const events = [
    ...priceChange(listed, wanted.price),
    ...availabilityChange(listed, supplyOf(current), wanted.available, wanted.offers),
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
    case 'ChangeAvailability': {
      const current = listedState(state, command.data.productId);
      const { product } = current;
      return availabilityChange(product, supplyOf(current), command.data.available, product.offers);
    }
    case 'ApplySupplierQuotes':
      // A delisted product is sold by no one: what its suppliers say no longer matters.
      if (state.status === 'delisted') return [];
      return applyQuotes(
        listedState(state, command.data.productId),
        command.data.supplier,
        command.data.quotes,
      );
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
      return { ...state, product: { ...state.product, price: priceFromData(event.data.price) } };
    case 'ProductAvailabilityChanged': {
      if (state.status !== 'listed') return state;
      const { available, listed } = event.data;
      return {
        ...state,
        product: { ...state.product, available },
        supply: { ...supplyOf(state), listed },
      };
    }
    case 'ProductOfferAvailabilityChanged': {
      if (state.status !== 'listed') return state;
      const { supplier, sku, available, reason } = event.data;
      const supply = supplyOf(state);
      const others = supply.unavailableOffers.filter((gone) => !isOfferOf(gone, { supplier, sku }));
      const unavailableOffers = available ? others : [...others, { supplier, sku, reason: reason ?? '' }];
      return { ...state, supply: { ...supply, unavailableOffers } };
    }
    case 'ProductOffersChanged': {
      if (state.status !== 'listed') return state;
      const offers = event.data.offers.map(offerFromData);
      // A supplier's word on an offer the catalog no longer has is moot.
      const supply = state.supply && {
        ...state.supply,
        unavailableOffers: state.supply.unavailableOffers.filter((gone) =>
          offers.some((offer) => isOfferOf(gone, offer)),
        ),
      };
      return { ...state, product: { ...state.product, offers }, ...(supply ? { supply } : {}) };
    }
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
