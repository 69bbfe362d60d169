// Long on purpose: the contract of a rebuild, every behaviour the SQLite and PostgreSQL rebuild sites must both show, in one suite.
import { FixedClock } from '@kios/dana-protocol';
import { type EventStore, InMemoryEventStore, positionToCheckpoint } from '@kios/event-store';
import type { DataSource } from 'typeorm';
import { callbackOutboxProjection } from '../../src/callback-outbox/callback-outbox.projection';
import { CallbackOutboxRow } from '../../src/callback-outbox/callback-outbox.row';
import { loadCheckpoint } from '../../src/checkpoint/projection-checkpoints';
import { fulfilmentFollowUpProjection } from '../../src/fulfilment-follow-up/fulfilment-follow-up.projection';
import { orderDetailProjection } from '../../src/order-detail/order-detail.projection';
import { OrderDetailRow } from '../../src/order-detail/order-detail.row';
import { productProjection } from '../../src/product/product.projection';
import { ProductRow } from '../../src/product/product.row';
import type { Projection } from '../../src/projection';
import { ProjectionRunner } from '../../src/projection-runner';
import { openReadModel } from '../../src/read-model-schema';
import { openRebuildSite } from '../../src/rebuild/open-rebuild-site';
import { RebuildAlreadyRunning } from '../../src/rebuild/rebuild-site';
import {
  discardRebuilds,
  RebuildInterrupted,
  type RebuildOptions,
  rebuildProjections,
} from '../../src/rebuild/rebuild-projections';
import type { RebuildProgress } from '../../src/rebuild/rebuild-progress';
import type { ReadModelTarget } from '../read-model.targets';
import { listTrafficProducts, writeOrderTraffic } from './order-traffic';
import { type Snapshot, snapshot } from './read-model-snapshot';

const PROJECTIONS: readonly Projection[] = [
  productProjection,
  callbackOutboxProjection,
  orderDetailProjection,
  fulfilmentFollowUpProjection,
];
const ORDERS = 150;
const FLUSH_EVERY = 100;
const quietLogger = {
  log: () => undefined,
  warn: () => undefined,
  error: (message: string) => console.error(message),
};

async function checkpoints(
  dataSource: DataSource,
  projections = PROJECTIONS,
): Promise<Record<string, string>> {
  const found: Record<string, string> = {};
  for (const projection of projections) {
    const position = await loadCheckpoint(dataSource, projection.name);
    found[projection.name] = position ? positionToCheckpoint(position) : 'none';
  }
  return found;
}

/** Messes up the live tables the way a buggy projection release would. */
async function driftLiveTables(dataSource: DataSource): Promise<void> {
  const change = dataSource.createQueryBuilder();
  await change.update(OrderDetailRow).set({ status: 'placed', serialNumber: null }).execute();
  await change.update(ProductRow).set({ name: 'wrong' }).execute();
  await dataSource.createQueryBuilder().delete().from(CallbackOutboxRow).execute();
}

/** The rebuild tests, written once and run against every read-model database. */
export function rebuildContract(target: ReadModelTarget): void {
  describe(`projection rebuild on ${target.name}`, () => {
    let clock: FixedClock;
    let store: InMemoryEventStore;
    let url: string;
    let dispose: () => Promise<void>;
    let live: DataSource;
    let runners: ProjectionRunner[];

    beforeEach(async () => {
      clock = new FixedClock(new Date('2025-01-15T03:00:00.000Z'));
      store = new InMemoryEventStore({ clock });
      await listTrafficProducts(store, clock);
      await writeOrderTraffic(store, { orders: ORDERS, clock, wave: 40 });
      const database = target.create();
      url = database.url;
      dispose = database.dispose;
      live = await openReadModel(url, PROJECTIONS);
      runners = [];
    });

    afterEach(async () => {
      await stopRunners();
      await live.destroy();
      await dropRebuildSchemas(url);
      await dispose();
      await store.close();
    });

    async function startRunners(on: EventStore = store): Promise<void> {
      runners = PROJECTIONS.map(
        (projection) =>
          new ProjectionRunner(on, live, projection, {
            clock,
            logger: quietLogger,
            retry: { attempts: 20, initialDelayMs: 5, maxDelayMs: 50 },
          }),
      );
      for (const runner of runners) await runner.start();
    }

    async function caughtUp(): Promise<void> {
      for (const runner of runners) await runner.waitUntilCaughtUp(20_000);
    }

    async function stopRunners(): Promise<void> {
      await Promise.all(runners.splice(0).map((runner) => runner.stop()));
    }

    /** What projecting the whole store from scratch gives, in a database of its own. */
    async function reference(): Promise<{ rows: Snapshot; checkpoints: Record<string, string> }> {
      const database = target.create();
      const fresh = await openReadModel(database.url, PROJECTIONS);
      try {
        const fromScratch = PROJECTIONS.map(
          (projection) => new ProjectionRunner(store, fresh, projection, { clock, logger: quietLogger }),
        );
        for (const runner of fromScratch) await runner.start();
        for (const runner of fromScratch) await runner.waitUntilCaughtUp(20_000);
        for (const runner of fromScratch) await runner.stop();
        return { rows: await snapshot(fresh, PROJECTIONS), checkpoints: await checkpoints(fresh) };
      } finally {
        await fresh.destroy();
        await database.dispose();
      }
    }

    const rebuild = (options: Partial<RebuildOptions> = {}) =>
      rebuildProjections({
        store,
        readModelUrl: url,
        projections: PROJECTIONS,
        clock,
        logger: quietLogger,
        flushEvery: FLUSH_EVERY,
        ...options,
      });

    it('replaces drifted tables with rows identical to what the live runners wrote, and leaves nothing behind', async () => {
      await startRunners();
      await caughtUp();
      await stopRunners();
      const before = await snapshot(live, PROJECTIONS);
      const head = positionToCheckpoint((await store.headPosition())!);
      expect(before.order_detail).toHaveLength(ORDERS);
      await driftLiveTables(live);

      const report = await rebuild();

      expect(await snapshot(live, PROJECTIONS)).toEqual(before);
      expect(await checkpoints(live)).toEqual(Object.fromEntries(PROJECTIONS.map((p) => [p.name, head])));
      expect(report.projections.every((rebuilt) => rebuilt.folded && rebuilt.resumedFrom === undefined)).toBe(
        true,
      );
      const site = await openRebuildSite(url, PROJECTIONS);
      try {
        for (const projection of PROJECTIONS) expect(await site.leftover(projection)).toBeUndefined();
      } finally {
        await site.close();
      }
    });

    it('serves the old tables until the switch while live traffic goes on, then ends where projecting from scratch ends', async () => {
      await startRunners();
      await caughtUp();
      await driftLiveTables(live);
      const liveStatuses: string[][] = [];
      let trafficDuringRebuild = Promise.resolve(0);
      let mid = false;

      await rebuild({
        onProgress: (progress: RebuildProgress) => {
          if (progress.phase !== 'replaying' || mid) return;
          mid = true;
          // New orders arrive and the live runners apply them while the rebuild replays.
          trafficDuringRebuild = writeOrderTraffic(store, {
            orders: 60,
            clock,
            firstOrder: ORDERS,
            wave: 20,
          });
          void live
            .getRepository(OrderDetailRow)
            .find()
            .then((rows) =>
              liveStatuses.push(
                rows
                  .filter((row) => Number(row.orderId.slice('ORD-'.length)) < ORDERS)
                  .map((row) => row.status),
              ),
            );
        },
        // In one process, SQLite's single-writer lock would make a committing runner wait on the switch
        // with the event loop blocked; kios pauses its runners the same way (AdminRebuilds).
        aroundSwitch: async (switchToRebuilt) => {
          await trafficDuringRebuild;
          await caughtUp();
          await switchToRebuilt();
        },
      });
      await caughtUp();

      expect(liveStatuses[0]).toEqual(Array(ORDERS).fill('placed')); // the drifted live rows, still served
      const expected = await reference();
      expect(await snapshot(live, PROJECTIONS)).toEqual(expected.rows);
      expect(await checkpoints(live)).toEqual(expected.checkpoints);
      expect(expected.rows.order_detail).toHaveLength(ORDERS + 60);
    });

    it('catches up to the live checkpoint inside the switch when the live runners are ahead of the rebuilt tables', async () => {
      await startRunners();
      await caughtUp();
      let appended = 0;

      await rebuild({
        aroundSwitch: async (switchToRebuilt) => {
          // Events the rebuild did not replay, already applied by the live runners.
          appended = await writeOrderTraffic(store, { orders: 30, clock, firstOrder: 1_000, wave: 30 });
          await caughtUp();
          await switchToRebuilt();
        },
      });

      expect(appended).toBeGreaterThan(0);
      await caughtUp();
      const expected = await reference();
      expect(await snapshot(live, PROJECTIONS)).toEqual(expected.rows);
      expect(await checkpoints(live)).toEqual(expected.checkpoints);
    });

    it('keeps its own checkpoint when the live runners are behind (kios stopped), and they resume from it', async () => {
      const report = await rebuild();

      const head = positionToCheckpoint((await store.headPosition())!);
      expect(report.projections.map((rebuilt) => rebuilt.checkpoint)).toEqual(PROJECTIONS.map(() => head));
      expect(await checkpoints(live)).toEqual(Object.fromEntries(PROJECTIONS.map((p) => [p.name, head])));
      await writeOrderTraffic(store, { orders: 10, clock, firstOrder: 2_000 });
      await startRunners();
      await caughtUp();
      expect(await snapshot(live, PROJECTIONS)).toEqual((await reference()).rows);
    });

    it('stops at a stored event it cannot read, naming it, and keeps the live tables', async () => {
      await startRunners();
      await caughtUp();
      await stopRunners();
      const before = await snapshot(live, PROJECTIONS);
      await store.append(
        'product-BROKEN',
        [{ type: 'ProductDelisted', data: { productId: 7 } }],
        'no_stream',
      );

      await expect(rebuild()).rejects.toThrow(
        /projection product failed on ProductDelisted product-BROKEN@0 .*: unreadable event ProductDelisted at product-BROKEN@0: data.productId must be a string, got 7/,
      );
      expect(await snapshot(live, PROJECTIONS)).toEqual(before);
    });

    it('stops at a flush when interrupted, keeps the live tables, and resumes from there', async () => {
      await startRunners();
      await caughtUp();
      await stopRunners();
      const before = await snapshot(live, PROJECTIONS);
      const interrupt = new AbortController();

      const interrupted = await rebuild({
        signal: interrupt.signal,
        onProgress: (progress) => {
          if (progress.eventsDone >= 3 * FLUSH_EVERY) interrupt.abort();
        },
      }).catch((error: unknown) => error);

      expect(interrupted).toBeInstanceOf(RebuildInterrupted);
      const stoppedAt = (interrupted as RebuildInterrupted).checkpoints.order_detail;
      expect(stoppedAt).toBeDefined();
      expect(await snapshot(live, PROJECTIONS)).toEqual(before);
      const site = await openRebuildSite(url, PROJECTIONS);
      try {
        const leftover = await site.leftover(orderDetailProjection);
        expect(leftover !== undefined && leftover !== 'started' && positionToCheckpoint(leftover)).toBe(
          stoppedAt,
        );
      } finally {
        await site.close();
      }
      await driftLiveTables(live);

      const resumed = await rebuild();

      expect(resumed.projections.find((rebuilt) => rebuilt.name === 'order_detail')?.resumedFrom).toBe(
        stoppedAt,
      );
      expect(resumed.eventsRead).toBeLessThan(Number((await store.headPosition())!.commit));
      expect(await snapshot(live, PROJECTIONS)).toEqual(before);
    });

    it('resumes an interrupted rebuild in one pass with projections starting from scratch, each from its own checkpoint', async () => {
      await startRunners();
      await caughtUp();
      await stopRunners();
      const before = await snapshot(live, PROJECTIONS);
      const interrupt = new AbortController();
      const interrupted = await rebuild({
        projections: [orderDetailProjection, callbackOutboxProjection],
        signal: interrupt.signal,
        onProgress: (progress) => {
          if (progress.eventsDone >= 3 * FLUSH_EVERY) interrupt.abort();
        },
      }).catch((error: unknown) => error);
      expect(interrupted).toBeInstanceOf(RebuildInterrupted);
      await driftLiveTables(live);

      const resumed = await rebuild();

      expect(
        Object.fromEntries(resumed.projections.map((rebuilt) => [rebuilt.name, rebuilt.resumedFrom])),
      ).toEqual({
        product: undefined,
        callback_outbox: (interrupted as RebuildInterrupted).checkpoints.callback_outbox,
        order_detail: (interrupted as RebuildInterrupted).checkpoints.order_detail,
        fulfilment_followup: undefined,
      });
      expect(await snapshot(live, PROJECTIONS)).toEqual(before);
    });

    it('discards an interrupted rebuild on request, and then has nothing to discard', async () => {
      const interrupt = new AbortController();
      interrupt.abort();
      await expect(rebuild({ signal: interrupt.signal })).rejects.toBeInstanceOf(RebuildInterrupted);

      expect(await discardRebuilds(url, [orderDetailProjection, productProjection])).toEqual([
        'order_detail',
        'product',
      ]);
      expect(await discardRebuilds(url, PROJECTIONS)).toEqual(['callback_outbox', 'fulfilment_followup']);
      expect(await discardRebuilds(url, PROJECTIONS)).toEqual([]);
      const resumed = await rebuild();
      expect(resumed.projections.every((rebuilt) => rebuilt.resumedFrom === undefined)).toBe(true);
    });

    it('refuses a second rebuild of a projection while one holds its lock, naming who holds it', async () => {
      const site = await openRebuildSite(url, PROJECTIONS);
      const lock = await site.lock(orderDetailProjection, {
        pid: 4242,
        host: 'ops-box',
        startedAt: new Date('2025-01-15T03:00:00.000Z'),
      });
      try {
        const refused = await rebuild({ projections: [productProjection, orderDetailProjection] }).catch(
          (error: unknown) => error,
        );
        expect(refused).toBeInstanceOf(RebuildAlreadyRunning);
        expect((refused as Error).message).toBe(
          'a rebuild of order_detail is already running (pid 4242 on ops-box, since 2025-01-15T10:00:00+07:00)',
        );
        expect(await site.lockHolder(orderDetailProjection)).toBeDefined();
        expect(await site.lockHolder(productProjection)).toBeUndefined(); // the refused run let go of its lock
        await expect(discardRebuilds(url, [orderDetailProjection])).rejects.toBeInstanceOf(
          RebuildAlreadyRunning,
        );
      } finally {
        await lock.release();
        await site.close();
      }
      await expect(rebuild({ projections: [orderDetailProjection] })).resolves.toMatchObject({
        projections: [{ name: 'order_detail' }],
      });
    });

    it('rebuilds a projection known only by its apply through transactions, with the same rows', async () => {
      const { fold: _fold, ...orderDetailByApply } = orderDetailProjection;
      const byApply: Projection = orderDetailByApply;
      await startRunners();
      await caughtUp();
      await stopRunners();
      const before = await snapshot(live, [orderDetailProjection]);
      await driftLiveTables(live);

      const report = await rebuild({ projections: [byApply] });

      expect(report.projections).toEqual([expect.objectContaining({ name: 'order_detail', folded: false })]);
      expect(await snapshot(live, [orderDetailProjection])).toEqual(before);
    });
  });
}

/** Rebuild schemas a failed PostgreSQL test may leave beside its own. */
async function dropRebuildSchemas(url: string): Promise<void> {
  const schema = url.startsWith('postgres') ? new URL(url).searchParams.get('schema') : null;
  if (!schema) return;
  const { Client } = await import('pg');
  const client = new Client({ connectionString: url.replace(/\?.*$/, '') });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE $1`, [
      `${schema}\\_rebuild\\_%`,
    ]);
    for (const { nspname } of rows) await client.query(`DROP SCHEMA "${nspname}" CASCADE`);
  } finally {
    await client.end();
  }
}
