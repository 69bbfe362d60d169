import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { idr } from '@kios/dana-protocol';
import { type EventStore, InMemoryEventStore, openEventStore } from '@kios/event-store';
import { readCatalogFile } from '../src/catalog-file';
import { formatCatalogDiff } from '../src/catalog-diff';
import { CatalogImportRefusedError, importCatalog } from '../src/catalog-import';
import type { Product } from '../src/product';
import { productStream } from '../src/product.events';
import { mobileLegendsDiamonds as mlbb86, telkomselCredit as tsel10 } from '@kios/testing';
import { clock, options, tsel20, catalog, allEvents } from './catalog-import.fixture';

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
        { kind: 'availability_changed', productId: 'TSEL-20K', available: false, listed: false },
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
      [
        'product-TSEL-20K',
        'ProductAvailabilityChanged',
        { productId: 'TSEL-20K', available: false, listed: false },
      ],
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
