import { idr } from '@kios/dana-protocol';
import { type EventStore, InMemoryEventStore } from '@kios/event-store';
import { aProduct, mobileLegendsDiamonds as mlbb86 } from '@kios/testing';
import { importCatalog } from '../src/catalog-import';
import { formatSupplierSync, type SupplierPriceList, syncSupplierOffers } from '../src/supplier-sync';
import { allEvents, clock, options } from './catalog-import.fixture';
import { quote } from './product.builders';

const tsel10 = aProduct({ offers: [{ supplier: 'digiflazz', sku: 'TSEL10', maxCost: idr(1_000_000) }] });
const tsel20 = aProduct({
  productId: 'TSEL-20K',
  price: idr(2_025_000),
  offers: [{ supplier: 'digiflazz', sku: 'TSEL20', maxCost: idr(2_000_000) }],
});
const calm: SupplierPriceList = {
  supplier: 'digiflazz',
  quotes: [quote('TSEL10', 9_990n), quote('TSEL20', 19_740n)],
};
const sync = { clock, metadata: { correlationId: 'supplier-sync-1' } };

describe('supplier sync over the product streams', () => {
  let store: EventStore;

  beforeEach(async () => {
    store = new InMemoryEventStore({ clock });
    await importCatalog(store, [tsel10, tsel20, mlbb86], options);
  });
  afterEach(() => store.close());

  it('appends nothing when the list says nothing new, and appends when it does (the same store)', async () => {
    const before = (await allEvents(store)).length;

    const quiet = await syncSupplierOffers(store, calm, sync);

    expect(quiet).toEqual({ supplier: 'digiflazz', productsChecked: 2, changes: [] });
    expect(await allEvents(store)).toHaveLength(before);

    const dearer = await syncSupplierOffers(
      store,
      { ...calm, quotes: [quote('TSEL10', 10_100n), quote('TSEL20', 19_740n)] },
      sync,
    );

    expect(dearer.changes.map((change) => change.kind)).toEqual([
      'offer_availability_changed',
      'availability_changed',
    ]);
    const added = (await allEvents(store)).slice(before);
    expect(added.map((event) => [event.stream, event.type, event.metadata.correlationId])).toEqual([
      ['product-TSEL-10K', 'ProductOfferAvailabilityChanged', 'supplier-sync-1'],
      ['product-TSEL-10K', 'ProductAvailabilityChanged', 'supplier-sync-1'],
    ]);
  });

  it('appends nothing the second time it reads the same changed list', async () => {
    const closed = { ...calm, quotes: [quote('TSEL10', 9_990n, 'buyer_product_status is false')] };
    const first = await syncSupplierOffers(store, closed, sync);
    const after = (await allEvents(store)).length;

    const second = await syncSupplierOffers(store, closed, sync);

    expect(first.changes).toHaveLength(4); // both offers off (TSEL20 is missing), both products with them
    expect(second.changes).toEqual([]);
    expect(await allEvents(store)).toHaveLength(after);
  });

  it('says what changed in lines an operator reads, then a summary', async () => {
    const result = await syncSupplierOffers(
      store,
      { ...calm, quotes: [quote('TSEL10', 10_100n), quote('TSEL20', 19_740n)] },
      sync,
    );

    expect(formatSupplierSync(result)).toEqual([
      'offer      TSEL-10K  digiflazz TSEL10 now unavailable: price Rp 10.100 is above maxCost Rp 10.000',
      'available  TSEL-10K  now unavailable (listed available, but no supplier offer is)',
      'digiflazz: 2 products checked; offers: 1 now unavailable, 0 available again; products: 1 now unavailable, 0 available again',
    ]);
  });

  it("checks only products with an offer of the list's supplier", async () => {
    const result = await syncSupplierOffers(store, { supplier: 'iak', quotes: [] }, sync);

    expect(result).toEqual({ supplier: 'iak', productsChecked: 0, changes: [] });
  });
});
