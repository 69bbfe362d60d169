import type { Offer } from '@kios/catalog';
import { idr, type Money } from '@kios/dana-protocol';
import { routeOffers, type RoutingView } from '@kios/fulfillment';
import { aProduct } from '@kios/testing';

const offer = (supplier: string, maxCost: number, extra: Partial<Offer> = {}): Offer => ({
  supplier,
  sku: `${supplier.toUpperCase()}-TSEL10`,
  maxCost: idr(maxCost),
  ...extra,
});

function view(overrides: Partial<RoutingView> & { prices?: Record<string, number> } = {}): RoutingView {
  const { prices = {}, ...rest } = overrides;
  return {
    configured: new Set(['digiflazz', 'iak', 'simulator']),
    isHealthy: () => true,
    latestPrice: (choice): Money | undefined =>
      prices[choice.supplier] === undefined ? undefined : idr(prices[choice.supplier]),
    minMargin: 0n,
    ...rest,
  };
}

const suppliersOf = (route: { supplier: string }[]) => route.map((choice) => choice.supplier);

describe('routing a product to its offers', () => {
  const product = aProduct({ offers: [offer('digiflazz', 1_010_000), offer('iak', 1_000_000)] });

  it('puts the cheapest maxCost first when no price list is known', () => {
    expect(routeOffers(product, view())).toEqual([
      { supplier: 'iak', sku: 'IAK-TSEL10' },
      { supplier: 'digiflazz', sku: 'DIGIFLAZZ-TSEL10' },
    ]);
  });

  it('ranks by the latest synced price over maxCost', () => {
    expect(suppliersOf(routeOffers(product, view({ prices: { digiflazz: 990_000 } })))).toEqual([
      'digiflazz',
      'iak',
    ]);
  });

  it("puts an offer's priority, lower first, before any cost", () => {
    const prioritised = aProduct({
      offers: [offer('iak', 1_000_000), offer('digiflazz', 1_010_000, { priority: 1 })],
    });
    expect(suppliersOf(routeOffers(prioritised, view()))).toEqual(['digiflazz', 'iak']);
  });

  it('keeps the catalog order between offers of equal cost', () => {
    const tied = aProduct({ offers: [offer('iak', 1_000_000), offer('digiflazz', 1_000_000)] });
    expect(suppliersOf(routeOffers(tied, view()))).toEqual(['iak', 'digiflazz']);
  });

  it('leaves out unhealthy suppliers and suppliers kios cannot call', () => {
    expect(suppliersOf(routeOffers(product, view({ isHealthy: (name) => name !== 'iak' })))).toEqual([
      'digiflazz',
    ]);
    expect(suppliersOf(routeOffers(product, view({ configured: new Set(['digiflazz']) })))).toEqual([
      'digiflazz',
    ]);
  });

  it('leaves out an offer whose synced price is above its maxCost', () => {
    expect(suppliersOf(routeOffers(product, view({ prices: { iak: 1_000_100 } })))).toEqual(['digiflazz']);
  });

  it("leaves out an offer whose cost leaves less than KIOS_MIN_MARGIN of DANA's price", () => {
    // DANA pays 1,025,000; a margin of 20,000 allows a cost of 1,005,000 at most.
    expect(suppliersOf(routeOffers(product, view({ minMargin: 20_000n })))).toEqual(['iak']);
    expect(routeOffers(product, view({ minMargin: 30_000n }))).toEqual([]);
  });

  it('routes a bill to its first callable offer alone, whatever its health: it is paid where it was inquired', () => {
    const bill = aProduct({
      pricing: 'bill',
      offers: [
        { supplier: 'digiflazz', sku: 'PLNPOST' },
        { supplier: 'iak', sku: 'PLNPOST' },
      ],
    });
    expect(routeOffers(bill, view({ isHealthy: () => false }))).toEqual([
      { supplier: 'digiflazz', sku: 'PLNPOST' },
    ]);
  });

  it('sells a product without offers through the offerless supplier, or not at all', () => {
    const bare = aProduct({ offers: [] });
    expect(routeOffers(bare, view({ offerless: 'simulator' }))).toEqual([
      { supplier: 'simulator', sku: bare.productId },
    ]);
    expect(routeOffers(bare, view())).toEqual([]);
  });
});
