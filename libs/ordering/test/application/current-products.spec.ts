import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importCatalog, productStream } from '@kios/catalog';
import { FixedClock, idr } from '@kios/dana-protocol';
import { SqliteEventStore } from '@kios/event-store';
import { CurrentProducts } from '@kios/ordering';
import { telkomselCredit } from '@kios/testing';

/**
 * The product state the ordering commands keep between commands (docs/architecture.md §4): each
 * use reads only the product's events after the kept revision, so a catalog import or a supplier
 * sync made by another process — here another connection to the same SQLite file, as kios-cli or
 * the worker process has — is seen at the next use.
 */
describe('CurrentProducts', () => {
  let folder: string;
  let kios: SqliteEventStore;
  let otherProcess: SqliteEventStore;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'kios-current-products-'));
    kios = SqliteEventStore.open(join(folder, 'events.db'));
    otherProcess = SqliteEventStore.open(join(folder, 'events.db'));
  });

  afterEach(async () => {
    await kios.close();
    await otherProcess.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const importFromOtherProcess = (products: (typeof telkomselCredit)[]) =>
    importCatalog(otherProcess, products, {
      clock: new FixedClock(new Date('2026-12-01T03:00:00Z')),
      metadata: { correlationId: 'catalog-import' },
    });

  it('reads only what was appended after the kept revision, and sees another process change the product', async () => {
    await importFromOtherProcess([telkomselCredit]);
    const products = new CurrentProducts(kios);
    const reads = jest.spyOn(kios, 'readStream');

    const first = await products.of(telkomselCredit.productId);
    expect(first).toMatchObject({
      status: 'listed',
      product: { price: telkomselCredit.price, available: true },
    });
    expect(reads).toHaveBeenLastCalledWith(productStream(telkomselCredit.productId));

    // Unchanged: one read after the kept revision, which finds nothing.
    await expect(products.of(telkomselCredit.productId)).resolves.toEqual(first);
    expect(reads).toHaveBeenLastCalledWith(productStream(telkomselCredit.productId), { fromRevision: 1n });
    await expect(reads.mock.results.at(-1)!.value).resolves.toEqual([]);

    await importFromOtherProcess([{ ...telkomselCredit, price: idr(1_100_000), available: false }]);

    await expect(products.of(telkomselCredit.productId)).resolves.toMatchObject({
      status: 'listed',
      product: { price: idr(1_100_000), available: false },
    });
  });

  it('keeps no state for a product that does not exist, and sees it once it is listed', async () => {
    const products = new CurrentProducts(kios);
    await expect(products.of(telkomselCredit.productId)).resolves.toMatchObject({ status: 'unlisted' });

    await importFromOtherProcess([telkomselCredit]);

    await expect(products.of(telkomselCredit.productId)).resolves.toMatchObject({ status: 'listed' });
  });
});
