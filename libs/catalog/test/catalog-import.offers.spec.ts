import { idr } from '@kios/dana-protocol';
import { type EventStore, InMemoryEventStore } from '@kios/event-store';
import { formatCatalogDiff } from '../src/catalog-diff';
import { importCatalog } from '../src/catalog-import';
import { productStream } from '../src/product.events';
import { mobileLegendsDiamonds as mlbb86, telkomselCredit as tsel10 } from '@kios/testing';
import { clock, options, tsel20, catalog, allEvents } from './catalog-import.fixture';

describe('catalog import: offers', () => {
  let store: EventStore;

  beforeEach(() => {
    store = new InMemoryEventStore({ clock });
  });
  afterEach(() => store.close());

  const offer = { supplier: 'digiflazz', sku: 'TSEL10', maxCost: idr(1_000_000) };

  it('records changed offers as ProductOffersChanged, and says so in the diff', async () => {
    await importCatalog(store, catalog, options);
    const before = (await allEvents(store)).length;

    const diff = await importCatalog(store, [{ ...tsel10, offers: [offer] }, tsel20, mlbb86], options);

    expect(diff).toEqual({
      changes: [{ kind: 'offers_changed', productId: 'TSEL-10K', offers: [offer] }],
      unchanged: 2,
      dryRun: false,
    });
    const added = (await allEvents(store)).slice(before);
    expect(
      added.map((event) => [event.stream, event.type, event.data, event.metadata.schemaVersion]),
    ).toEqual([
      [
        'product-TSEL-10K',
        'ProductOffersChanged',
        {
          productId: 'TSEL-10K',
          offers: [{ supplier: 'digiflazz', sku: 'TSEL10', maxCost: { value: '1000000', currency: 'IDR' } }],
        },
        1,
      ],
    ]);
    expect(formatCatalogDiff(diff)).toEqual([
      'offers     TSEL-10K  now digiflazz TSEL10 <= Rp 10.000',
      '0 listed, 0 price changed, 0 availability changed, 1 offers changed, 0 delisted, 2 unchanged',
    ]);
    expect(await importCatalog(store, [{ ...tsel10, offers: [offer] }], options)).toEqual({
      changes: [],
      unchanged: 1,
      dryRun: false,
    });
    expect(formatCatalogDiff(await importCatalog(store, [tsel10], { ...options, dryRun: true }))[0]).toBe(
      'offers     TSEL-10K  now none',
    );
  });

  it('gives offers to a product listed before products had them (a version 1 ProductListed)', async () => {
    await store.append(
      productStream('TSEL-10K'),
      [
        {
          type: 'ProductListed',
          data: {
            productId: 'TSEL-10K',
            type: 'MOBILE_CREDIT',
            provider: 'telkomsel',
            name: 'Telkomsel Pulsa 10.000',
            module: 'telco',
            price: { value: '1025000', currency: 'IDR' },
            available: true,
            destination: { kind: 'phone' },
            pricing: 'fixed',
            delivery: 'serial',
          },
          metadata: {
            correlationId: 'old',
            causationId: 'old',
            recordedAt: clock.now().toISOString(),
            schemaVersion: 1,
          },
        },
      ],
      'no_stream',
    );

    expect(await importCatalog(store, [tsel10], options)).toEqual({
      changes: [],
      unchanged: 1,
      dryRun: false,
    });
    expect(await importCatalog(store, [{ ...tsel10, offers: [offer] }], options)).toEqual({
      changes: [{ kind: 'offers_changed', productId: 'TSEL-10K', offers: [offer] }],
      unchanged: 0,
      dryRun: false,
    });
  });

  it('refuses a file whose offers cost more than the product sells for, appending nothing', async () => {
    await importCatalog(store, [tsel10], options);
    const head = await store.headPosition();

    const attempt = importCatalog(
      store,
      [{ ...tsel10, offers: [{ ...offer, maxCost: idr(1_025_100) }] }],
      options,
    );

    await expect(attempt).rejects.toThrow(
      'product TSEL-10K: offers[0].maxCost Rp 10.251 is above the price Rp 10.250: kios would sell at a loss',
    );
    expect(await store.headPosition()).toEqual(head);
  });
});
