import type { Product } from '@kios/catalog';
import type { OfferChoice } from '../supplier.port';

/**
 * Where a routed kios buys a product now: its offers in the order to try them (cheapest first, an
 * offer's priority first of all, unhealthy suppliers left out: RoutedSupplier). `undefined`: kios has
 * one supplier and does not route; an empty route: no offer can be bought now.
 */
export interface SupplierRouter {
  routeFor(product: Product): readonly OfferChoice[] | undefined;
}

/** Provided by FulfillmentModule: the routed supplier, or a router that routes nothing. */
export const SUPPLIER_ROUTER = Symbol('SUPPLIER_ROUTER');

/** One supplier, no routing: every order stays with it, as before routing. */
export const NO_ROUTING: SupplierRouter = { routeFor: () => undefined };
