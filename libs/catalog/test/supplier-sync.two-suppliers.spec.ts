import { idr } from '@kios/dana-protocol';
import { type EventStore, InMemoryEventStore } from '@kios/event-store';
import { aProduct } from '@kios/testing';
import { importCatalog } from '../src/catalog-import';
import { type SupplierPriceList, syncSupplierOffers } from '../src/supplier-sync';
import { allEvents, clock, options } from './catalog-import.fixture';
import { quote } from './product.builders';

/** Telkomsel credit offered by two suppliers (KIOS_SUPPLIER=routed). */
const tsel10 = aProduct({
  offers: [
    { supplier: 'digiflazz', sku: 'TSEL10', maxCost: idr(1_000_000) },
    { supplier: 'iak', sku: 'HTELKOMSEL10000', maxCost: idr(1_000_000) },
  ],
});
const digiflazz = (closed?: string): SupplierPriceList => ({
  supplier: 'digiflazz',
  quotes: [quote('TSEL10', 9_990n, closed)],
});
const iak = (closed?: string): SupplierPriceList => ({
  supplier: 'iak',
  quotes: [quote('HTELKOMSEL10000', 9_900n, closed)],
});
const sync = { clock, metadata: { correlationId: 'supplier-sync-1' } };

describe('availability across the offers of two suppliers', () => {
  let store: EventStore;
  const availability = async () =>
    (await allEvents(store))
      .filter((event) => event.type === 'ProductAvailabilityChanged')
      .map((event) => event.data.available);

  beforeEach(async () => {
    store = new InMemoryEventStore({ clock });
    await importCatalog(store, [tsel10], options);
  });
  afterEach(() => store.close());

  it('keeps the product available to DANA while one offer is, and takes it away when the last goes', async () => {
    await syncSupplierOffers(store, digiflazz('seller_product_status is false'), sync);
    expect(await availability()).toEqual([]); // IAK still sells it

    await syncSupplierOffers(store, iak('inactive'), sync);
    expect(await availability()).toEqual([false]); // the last offer went: DANA is told (product status notice)

    await syncSupplierOffers(store, iak(), sync);
    expect(await availability()).toEqual([false, true]);
  });
});
