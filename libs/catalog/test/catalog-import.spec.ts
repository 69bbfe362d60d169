import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock, idr } from '@kios/dana-protocol';
import { type EventStore, InMemoryEventStore, openEventStore, type RecordedEvent } from '@kios/event-store';
import { readCatalogFile } from '../src/catalog-file';
import { formatCatalogDiff } from '../src/catalog-diff';
import { CatalogImportRefusedError, importCatalog, type ImportCatalogOptions } from '../src/catalog-import';
import type { Product } from '../src/product';
import { productStream } from '../src/product.events';
import { aProduct, mobileLegendsDiamonds as mlbb86, telkomselCredit as tsel10 } from '@kios/testing';

const clock = new FixedClock(new Date('2025-01-15T03:00:00.000Z'));
const options: ImportCatalogOptions = { clock, metadata: { correlationId: 'import-1' } };

const tsel20 = aProduct({ productId: 'TSEL-20K', name: 'Telkomsel Pulsa 20.000', price: idr(2_025_000) });
const catalog = [tsel10, tsel20, mlbb86];

async function allEvents(store: EventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of store.readAll()) events.push(event);
  return events;
}

describe('catalog import', () => {
  let store: EventStore;

  beforeEach(() => {
    store = new InMemoryEventStore({ clock });
  });
  afterEach(() => store.close());

  it('lists every product of a first import in its own stream', async () => {
    const diff = await importCatalog(store, catalog, options);

    expect(diff).toEqual({
      changes: catalog.map((product) => ({ kind: 'listed', productId: product.productId, product })),
      unchanged: 0,
      dryRun: false,
    });
    const events = await allEvents(store);
    expect(events.map((event) => [event.stream, event.type])).toEqual([
      ['product-TSEL-10K', 'ProductListed'],
      ['product-TSEL-20K', 'ProductListed'],
      ['product-MLBB-86', 'ProductListed'],
    ]);
    expect(events[2].data).toEqual({
      productId: 'MLBB-86',
      type: 'GAME_TOPUP',
      provider: 'mobile-legends',
      name: 'Mobile Legends 86 Diamonds',
      module: 'games',
      price: { value: '2350000', currency: 'IDR' },
      available: true,
      destination: { kind: 'game_account', zone: true },
      pricing: 'fixed',
      delivery: 'serial',
      offers: [],
    });
  });

  it('stamps every event with correlation, causation, the clock time and the schema version', async () => {
    await importCatalog(store, [tsel10], {
      clock,
      metadata: { correlationId: 'cli-7', causationId: 'admin-42' },
    });

    const [event] = await allEvents(store);
    expect(event.metadata).toEqual({
      correlationId: 'cli-7',
      causationId: 'admin-42',
      recordedAt: '2025-01-15T03:00:00.000Z',
      schemaVersion: 2, // ProductListed v2: with offers
    });
  });

  it('appends nothing when the same file is imported twice', async () => {
    await importCatalog(store, catalog, options);
    const head = await store.headPosition();

    const diff = await importCatalog(store, catalog, options);

    expect(diff).toEqual({ changes: [], unchanged: 3, dryRun: false });
    expect(await store.headPosition()).toEqual(head);
  });

  it('appends only the differences', async () => {
    await importCatalog(store, catalog, options);
    const before = (await allEvents(store)).length;
    const changed: Product[] = [
      { ...tsel10, price: idr(1_050_000) },
      { ...tsel20, available: false },
      mlbb86,
    ];

    const diff = await importCatalog(store, changed, options);

    expect(diff).toEqual({
      changes: [
        { kind: 'price_changed', productId: 'TSEL-10K', from: idr(1_025_000), to: idr(1_050_000) },
        { kind: 'availability_changed', productId: 'TSEL-20K', available: false },
      ],
      unchanged: 1,
      dryRun: false,
    });
    const added = (await allEvents(store)).slice(before);
    expect(added.map((event) => [event.stream, event.type, event.data])).toEqual([
      [
        'product-TSEL-10K',
        'ProductPriceChanged',
        {
          productId: 'TSEL-10K',
          previousPrice: { value: '1025000', currency: 'IDR' },
          price: { value: '1050000', currency: 'IDR' },
        },
      ],
      ['product-TSEL-20K', 'ProductAvailabilityChanged', { productId: 'TSEL-20K', available: false }],
    ]);
  });

  it('leaves a product missing from the file alone without delistMissing', async () => {
    await importCatalog(store, catalog, options);
    const head = await store.headPosition();

    const diff = await importCatalog(store, [tsel10, mlbb86], options);

    expect(diff.changes).toEqual([]);
    expect(await store.headPosition()).toEqual(head);
  });

  it('delists a product missing from the file with delistMissing, once', async () => {
    await importCatalog(store, catalog, options);

    const diff = await importCatalog(store, [mlbb86], { ...options, delistMissing: true });
    const again = await importCatalog(store, [mlbb86], { ...options, delistMissing: true });

    expect(diff.changes).toEqual([
      { kind: 'delisted', productId: 'TSEL-10K' },
      { kind: 'delisted', productId: 'TSEL-20K' },
    ]);
    expect(again.changes).toEqual([]);
    const delistings = (await allEvents(store)).filter((event) => event.type === 'ProductDelisted');
    expect(delistings.map((event) => event.stream)).toEqual([
      productStream('TSEL-10K'),
      productStream('TSEL-20K'),
    ]);
  });

  it('appends nothing in a dry run and returns the diff the real run then makes', async () => {
    await importCatalog(store, [tsel10, tsel20], options);
    const head = await store.headPosition();
    const next: Product[] = [{ ...tsel10, price: idr(990_000) }, mlbb86];
    const importOptions = { ...options, delistMissing: true };

    const dryRun = await importCatalog(store, next, { ...importOptions, dryRun: true });
    expect(await store.headPosition()).toEqual(head);
    const real = await importCatalog(store, next, importOptions);

    expect(dryRun).toEqual({ ...real, dryRun: true });
    expect(real.changes.map((change) => change.kind)).toEqual(['price_changed', 'listed', 'delisted']);
  });

  it('refuses a file that brings back a delisted product, appending none of its other changes', async () => {
    await importCatalog(store, [tsel10, tsel20], options);
    await importCatalog(store, [tsel20], { ...options, delistMissing: true });
    const head = await store.headPosition();

    const attempt = importCatalog(store, [tsel10, { ...tsel20, price: idr(2_050_000) }, mlbb86], options);

    await expect(attempt).rejects.toBeInstanceOf(CatalogImportRefusedError);
    await expect(attempt).rejects.toMatchObject({
      refused: [{ productId: 'TSEL-10K', reason: expect.stringContaining('delisted') }],
    });
    expect(await store.headPosition()).toEqual(head);
  });

  it('refuses a file that moves a listed product to another provider, in a dry run too', async () => {
    await importCatalog(store, [tsel10], options);

    const attempt = importCatalog(store, [{ ...tsel10, provider: 'indosat' }], { ...options, dryRun: true });

    await expect(attempt).rejects.toThrow('product TSEL-10K: provider cannot change once listed');
  });

  it('describes the diff for people', async () => {
    await importCatalog(store, [tsel10, tsel20], options);
    const diff = await importCatalog(
      store,
      [
        { ...tsel10, price: idr(1_050_000), available: false },
        { ...mlbb86, available: false },
      ],
      { ...options, delistMissing: true, dryRun: true },
    );

    expect(formatCatalogDiff(diff)).toEqual([
      'price      TSEL-10K  Rp 10.250 -> Rp 10.500',
      'available  TSEL-10K  now unavailable',
      'listed     MLBB-86  GAME_TOPUP/mobile-legends  Mobile Legends 86 Diamonds  Rp 23.500  unavailable',
      'delisted   TSEL-20K',
      '1 listed, 1 price changed, 1 availability changed, 0 offers changed, 1 delisted, 0 unchanged (dry run: nothing appended)',
    ]);
  });

  describe('offers', () => {
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
            offers: [
              { supplier: 'digiflazz', sku: 'TSEL10', maxCost: { value: '1000000', currency: 'IDR' } },
            ],
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

  describe('with the bundled sample catalog on the SQLite store', () => {
    let dir: string;
    let sqlite: EventStore;

    beforeEach(async () => {
      dir = mkdtempSync(join(tmpdir(), 'kios-catalog-'));
      sqlite = await openEventStore(`sqlite:${join(dir, 'events.db')}`, { clock });
    });
    afterEach(async () => {
      await sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('lists every product once, and a second import appends nothing', async () => {
      const products = await readCatalogFile(join(__dirname, '../../../catalog/sample-catalog.json'));

      const first = await importCatalog(sqlite, products, options);
      const head = await sqlite.headPosition();
      const second = await importCatalog(sqlite, products, options);

      // Read back from the appended events: every product as the file has it, offers and all.
      expect(first.changes).toEqual(
        products.map((product) => ({ kind: 'listed', productId: product.productId, product })),
      );
      expect(products.some((product) => product.offers.length > 0)).toBe(true);
      expect(second).toEqual({ changes: [], unchanged: products.length, dryRun: false });
      expect(await sqlite.headPosition()).toEqual(head);
    });
  });
});
