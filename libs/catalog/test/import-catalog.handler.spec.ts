import { FixedClock } from '@kios/dana-protocol';
import { InMemoryEventStore } from '@kios/event-store';
import { ImportCatalog } from '../src/import-catalog.command';
import { ImportCatalogHandler } from '../src/import-catalog.handler';
import { productStream } from '../src/product.events';
import { mobileLegendsDiamonds as mlbb86, telkomselCredit as tsel10 } from '@kios/testing';

const clock = new FixedClock(new Date('2025-01-15T03:00:00.000Z'));

describe('ImportCatalog handler', () => {
  it('imports on the store with the clock it was given, caused by the command', async () => {
    const store = new InMemoryEventStore({ clock });
    const handler = new ImportCatalogHandler(store, clock);

    const diff = await handler.execute(new ImportCatalog([tsel10, mlbb86], { correlationId: 'cli-run-1' }));

    expect(diff).toMatchObject({ unchanged: 0, dryRun: false });
    expect(diff.changes.map((change) => change.kind)).toEqual(['listed', 'listed']);
    const [listed] = await store.readStream(productStream(tsel10.productId));
    expect(listed.metadata).toMatchObject({
      correlationId: 'cli-run-1',
      causationId: 'cli-run-1',
      recordedAt: '2025-01-15T03:00:00.000Z',
    });
  });

  it('passes on a dry run and delisting of missing products', async () => {
    const store = new InMemoryEventStore({ clock });
    const handler = new ImportCatalogHandler(store, clock);
    await handler.execute(new ImportCatalog([tsel10, mlbb86], { correlationId: 'first' }));

    const dryRun = await handler.execute(
      new ImportCatalog([mlbb86], { correlationId: 'second', delistMissing: true, dryRun: true }),
    );
    expect(dryRun).toMatchObject({
      dryRun: true,
      changes: [{ kind: 'delisted', productId: tsel10.productId }],
    });
    expect(await store.readStream(productStream(tsel10.productId))).toHaveLength(1);

    const real = await handler.execute(
      new ImportCatalog([mlbb86], { correlationId: 'third', delistMissing: true }),
    );
    expect(real.changes).toEqual([{ kind: 'delisted', productId: tsel10.productId }]);
    expect(await store.readStream(productStream(tsel10.productId))).toHaveLength(2);
  });
});
