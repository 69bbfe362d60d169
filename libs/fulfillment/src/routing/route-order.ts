import type { Offer, Product } from '@kios/catalog';
import type { Money } from '@kios/dana-protocol';
import type { OfferChoice } from '../supplier.port';

/** What routing knows of the suppliers at one instant (RoutedSupplier gathers it). */
export type RoutingView = {
  /** The suppliers kios can call (`offers[].supplier` names); an offer of another is never routed to. */
  configured: ReadonlySet<string>;
  /** False for a supplier marked unhealthy (SupplierHealth). */
  isHealthy(supplier: string): boolean;
  /** The supplier's price for the sku from its latest synced price list; undefined when unknown. */
  latestPrice(offer: OfferChoice): Money | undefined;
  /** KIOS_MIN_MARGIN: kios keeps at least this much of DANA's price, in minor units. */
  minMargin: bigint;
  /** Who sells a product that has no offers (the simulator, when configured); none: nobody. */
  offerless?: string;
};

/** An offer's cost as routing ranks it: the latest synced price, else maxCost; undefined when neither is known. */
export function knownCost(offer: Offer, view: Pick<RoutingView, 'latestPrice'>): Money | undefined {
  return view.latestPrice(offer) ?? offer.maxCost;
}

/**
 * Why an offer is not worth buying: its known cost above its maxCost (the supplier would refuse
 * max_price, or kios pays more than the operator allowed), or above DANA's selling price minus the
 * minimum margin (kios would sell at a loss). Bills have no cost to judge before the inquiry.
 */
export function marginProblem(product: Product, offer: Offer, view: RoutingView): string | undefined {
  if (product.pricing === 'bill') return undefined;
  const cost = knownCost(offer, view);
  if (cost === undefined) return undefined;
  if (offer.maxCost !== undefined && cost.minor > offer.maxCost.minor) {
    return `cost ${cost.minor} is above maxCost ${offer.maxCost.minor}`;
  }
  const ceiling = product.price.minor - view.minMargin;
  if (cost.minor > ceiling)
    return `cost ${cost.minor} leaves less than the margin ${view.minMargin} of ${product.price.minor}`;
  return undefined;
}

const choice = (offer: Offer): OfferChoice => ({ supplier: offer.supplier, sku: offer.sku });

/**
 * The offers to try, best first (docs/architecture.md §4 step 4, failover): those with a priority
 * first, lower first; then the cheapest known cost first (an unknown cost last); the catalog's order
 * breaks ties. Left out: offers of suppliers kios cannot call or that are unhealthy, and offers whose
 * known cost breaks maxCost or the margin. A bill is paid where it is inquired, so its route is its
 * first callable offer alone, whatever the suppliers' health or costs: the inquiry went there too.
 * A product without offers is sold by `view.offerless`, under its productId as sku.
 */
export function routeOffers(product: Product, view: RoutingView): OfferChoice[] {
  if (product.offers.length === 0) {
    return view.offerless ? [{ supplier: view.offerless, sku: product.productId }] : [];
  }
  const callable = product.offers.filter((offer) => view.configured.has(offer.supplier));
  if (product.pricing === 'bill') return callable.slice(0, 1).map(choice);
  const ranked = callable
    .filter((offer) => view.isHealthy(offer.supplier) && marginProblem(product, offer, view) === undefined)
    .map((offer, index) => ({ offer, index, cost: knownCost(offer, view)?.minor }));
  ranked.sort((a, b) => rank(a) - rank(b) || compareCost(a.cost, b.cost) || a.index - b.index);
  return ranked.map(({ offer }) => choice(offer));
}

/** Offers with a priority come first, by it; the rest after, all alike. */
const rank = ({ offer }: { offer: Offer }): number => offer.priority ?? Number.MAX_SAFE_INTEGER;

function compareCost(a: bigint | undefined, b: bigint | undefined): number {
  if (a === undefined || b === undefined) return (a === undefined ? 1 : 0) - (b === undefined ? 1 : 0);
  return a < b ? -1 : a > b ? 1 : 0;
}
