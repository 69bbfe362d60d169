import { FixedClock } from '@kios/dana-protocol';
import { InMemoryEventStore } from '@kios/event-store';
import type { DataSource } from 'typeorm';
import { callbackOutboxProjection } from '../../src/callback-outbox/callback-outbox.projection';
import { fulfilmentFollowUpProjection } from '../../src/fulfilment-follow-up/fulfilment-follow-up.projection';
import { orderDetailProjection } from '../../src/order-detail/order-detail.projection';
import { productProjection } from '../../src/product/product.projection';
import { loadCheckpoint, saveCheckpoint } from '../../src/checkpoint/projection-checkpoints';
import { OrderDetailRow } from '../../src/order-detail/order-detail.row';
import { openReadModel } from '../../src/read-model-schema';
import { readModelTransaction } from '../../src/read-model-transaction';
import { openRebuildSite } from '../../src/rebuild/open-rebuild-site';
import { RebuiltTable } from '../../src/rebuild/row-batch';
import { SqliteRebuildWriter } from '../../src/rebuild/sqlite-rebuild-writer';
import {
  discardRebuilds,
  RebuildInterrupted,
  type RebuildOptions,
  rebuildProjections,
} from '../../src/rebuild/rebuild-projections';
import { sqliteTarget } from '../read-model.targets';
import { listTrafficProducts, writeOrderTraffic } from './order-traffic';
import { rebuildContract } from './rebuild.contract';

rebuildContract(sqliteTarget);

const kiosReadModels = [
  productProjection,
  callbackOutboxProjection,
  orderDetailProjection,
  fulfilmentFollowUpProjection,
];

describe('projection rebuild on SQLite, inside the live file', () => {
  let clock: FixedClock;
  let store: InMemoryEventStore;
  let url: string;
  let dispose: () => Promise<void>;
  let live: DataSource;

  /** Every table and index of the live file, with the SQL that made it. */
  const schema = () =>
    live.query('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name') as Promise<
      unknown[]
    >;
  const rebuild = (options: Partial<RebuildOptions> = {}) =>
    rebuildProjections({
      store,
      readModelUrl: url,
      projections: kiosReadModels,
      clock,
      flushEvery: 50,
      ...options,
    });

  beforeEach(async () => {
    clock = new FixedClock(new Date('2025-01-15T03:00:00.000Z'));
    store = new InMemoryEventStore({ clock });
    await listTrafficProducts(store, clock);
    await writeOrderTraffic(store, { orders: 40, clock, wave: 10 });
    ({ url, dispose } = sqliteTarget.create());
    live = await openReadModel(url, kiosReadModels);
  });

  afterEach(async () => {
    await live.destroy();
    await dispose();
    await store.close();
  });

  it('switches by renaming its twin tables over the live ones: the schema is the one the migrations made', async () => {
    const migrated = await schema();

    await rebuild();

    expect(await schema()).toEqual(migrated);
    expect(await live.query('SELECT COUNT(*) AS rows FROM order_detail')).toEqual([{ rows: 40 }]);
  });

  it('builds in twins of the live tables, made by their own definitions, and discarding drops every twin', async () => {
    const migrated = await schema();
    const interrupt = new AbortController();
    const interrupted = rebuild({ signal: interrupt.signal });
    interrupt.abort();
    await expect(interrupted).rejects.toBeInstanceOf(RebuildInterrupted);
    const twins = await live.query(
      "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name LIKE 'rebuild%' ORDER BY name",
    );
    expect(twins.map(({ name }: { name: string }) => name)).toEqual(
      ['callback_outbox', 'fulfilment_followup', 'order_detail', 'product'].flatMap((name) => [
        `rebuild__${name}__${name}`,
        `rebuild__${name}__projection_checkpoint`,
      ]),
    );
    const [liveOrders] = await live.query("SELECT sql FROM sqlite_master WHERE name = 'order_detail'");
    expect(
      twins.find(({ name }: { name: string }) => name === 'rebuild__order_detail__order_detail').sql,
    ).toBe(liveOrders.sql.replace('"order_detail"', '"rebuild__order_detail__order_detail"'));

    await discardRebuilds(url, kiosReadModels);

    expect(await schema()).toEqual(migrated);
  });

  it('starts an interrupted rebuild again from scratch when a migration changed its table meanwhile, keeping the change', async () => {
    const interrupt = new AbortController();
    const interrupted = rebuild({
      signal: interrupt.signal,
      onProgress: (progress) => {
        if (progress.eventsDone >= 100) interrupt.abort();
      },
    });
    await expect(interrupted).rejects.toBeInstanceOf(RebuildInterrupted);
    // What a later release's migration might do to the live table.
    await live.query('ALTER TABLE order_detail ADD COLUMN channel varchar(16)');
    const migrated = (await schema()).filter(
      (row) => !(row as { tbl_name: string }).tbl_name.startsWith('rebuild__'),
    );

    const report = await rebuild();

    const resumedFrom = Object.fromEntries(report.projections.map((p) => [p.name, p.resumedFrom]));
    expect(resumedFrom.order_detail).toBeUndefined();
    expect(resumedFrom.product).toBeDefined();
    expect(await schema()).toEqual(migrated);
    expect(await live.query('SELECT COUNT(*) AS rows FROM order_detail')).toEqual([{ rows: 40 }]);
  });

  it('lets a live transaction that reads before it writes wait out a flush of the rebuild writer, not fail', async () => {
    const site = await openRebuildSite(url, kiosReadModels);
    const target = await site.openTarget(orderDetailProjection);
    const table = new RebuiltTable(target, target.getMetadata(OrderDetailRow));
    const writer = SqliteRebuildWriter.start(url.slice('sqlite:'.length), table.statements);
    const at = { commit: 7n, prepare: 7n };
    try {
      let flush: Promise<void> | undefined;
      await readModelTransaction(live, async (tx) => {
        const read = await loadCheckpoint(tx, 'order_detail');
        // The writer thread commits meanwhile, were it let: a snapshot read before it could not write.
        flush = writer.write({
          deleteKeys: [],
          rows: [],
          checkpoint: { name: 'order_detail', position: '7/7', updatedAt: clock.now().toISOString() },
        });
        await new Promise((resolve) => setTimeout(resolve, 300));
        await saveCheckpoint(tx, 'order_detail', { expected: read, position: at }, clock.now());
      });
      await flush;

      expect(await loadCheckpoint(live, 'order_detail')).toEqual(at);
      expect(await loadCheckpoint(target, 'order_detail')).toEqual(at);
    } finally {
      await writer.close();
      await site.dropTarget(orderDetailProjection, target);
      await site.close();
    }
  });
});
