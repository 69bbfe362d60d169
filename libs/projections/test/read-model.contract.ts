// Long on purpose: the contract of the read models, every behaviour the SQLite and PostgreSQL targets must both show, in one suite.
import { productStream, type Product, productData } from '@kios/catalog';
import { FixedClock, idr } from '@kios/dana-protocol';
import {
  type AllSubscription,
  comparePositions,
  type EventStore,
  InMemoryEventStore,
  type Position,
  type RecordedEvent,
  type SubscribeToAllOptions,
} from '@kios/event-store';
import type { DataSource } from 'typeorm';
import { aProduct as telcoProduct, eventually } from '@kios/testing';
import { deleteCheckpoint, loadCheckpoint } from '../src/checkpoint/projection-checkpoints';
import type { Projection } from '../src/projection';
import type { ProjectionLogger } from '../src/projection-logger';
import { ProjectionRunner, type ProjectionRunnerOptions } from '../src/projection-runner';
import { productProjection } from '../src/product/product.projection';
import { ProductReadModel } from '../src/product/product.read-model';
import { ProductRow } from '../src/product/product.row';
import { openReadModel } from '../src/read-model-schema';
import { readModelTransaction } from '../src/read-model-transaction';
import type { ReadModelTarget } from './read-model.targets';

const T0 = new Date('2025-01-15T03:00:00.000Z');

/** Named after its id, so each product the tests list has its own name. */
function aProduct(overrides: Partial<Product> & { productId: string }): Product {
  return telcoProduct({ name: `Product ${overrides.productId}`, ...overrides });
}

/** The product projection, noting the id of every event it is handed in `applied`. */
function recordingApplies(applied: string[]): Projection {
  return {
    ...productProjection,
    // Per event, so that the wrapped `apply` below is what the runner calls.
    applyBatch: undefined,
    apply: async (event, tx) => {
      applied.push(event.id);
      await productProjection.apply(event, tx);
    },
  };
}

/** A feed that breaks as soon as it is read, as one whose store connection was reset. */
function brokenSubscription(): AllSubscription {
  return {
    [Symbol.asyncIterator]: () => ({
      next: () => Promise.reject(new Error('connection reset')),
    }),
    close: () => Promise.resolve(),
  };
}

/** The product projection, throwing (as a full disk would) once it applied an event of `productId`. */
function failingAfter(productId: string): Projection {
  return {
    ...productProjection,
    // Per event, so that the wrapped `apply` below is what the runner calls.
    applyBatch: undefined,
    apply: async (event, tx) => {
      await productProjection.apply(event, tx);
      if (event.stream === productStream(productId)) throw new Error('disk full');
    },
  };
}

class RecordingLogger implements ProjectionLogger {
  readonly lines: string[] = [];
  log(message: string) {
    this.lines.push(`log: ${message}`);
  }
  warn(message: string) {
    this.lines.push(`warn: ${message}`);
  }
  error(message: string) {
    this.lines.push(`error: ${message}`);
  }
}

/** Delivers `$all` from the start whatever checkpoint is asked for: at-least-once at its worst. */
class ReplayingStore implements EventStore {
  constructor(private readonly inner: EventStore) {}
  append: EventStore['append'] = (...args) => this.inner.append(...args);
  readStream: EventStore['readStream'] = (...args) => this.inner.readStream(...args);
  readAll: EventStore['readAll'] = (...args) => this.inner.readAll(...args);
  headPosition: EventStore['headPosition'] = () => this.inner.headPosition();
  close: EventStore['close'] = () => this.inner.close();
  subscribeToAll(options: SubscribeToAllOptions = {}): AllSubscription {
    return this.inner.subscribeToAll({ ...options, after: undefined });
  }
}

/** The projection tests, written once and run against every read-model database. */
export function readModelContract(target: ReadModelTarget): void {
  describe(`projections on ${target.name}`, () => {
    let clock: FixedClock;
    let store: InMemoryEventStore;
    let dataSource: DataSource;
    let dispose: () => Promise<void>;
    let logger: RecordingLogger;
    const runners: ProjectionRunner[] = [];

    beforeEach(async () => {
      clock = new FixedClock(T0);
      store = new InMemoryEventStore({ clock });
      const database = target.create();
      dispose = database.dispose;
      dataSource = await openReadModel(database.url, [productProjection]);
      logger = new RecordingLogger();
    });

    afterEach(async () => {
      await Promise.all(runners.splice(0).map((runner) => runner.stop()));
      await store.close();
      await dataSource.destroy();
      await dispose();
    });

    function runner(projection: Projection = productProjection, options: ProjectionRunnerOptions = {}) {
      const created = new ProjectionRunner(store, dataSource, projection, {
        clock,
        logger,
        retry: { attempts: 3, initialDelayMs: 1, maxDelayMs: 1 },
        ...options,
      });
      runners.push(created);
      return created;
    }

    async function runToHead(
      projection: Projection = productProjection,
      options: ProjectionRunnerOptions = {},
    ): Promise<ProjectionRunner> {
      const started = runner(projection, options);
      await started.start();
      await started.waitUntilCaughtUp(5_000);
      return started;
    }

    const metadata = {
      correlationId: 'test',
      causationId: 'test',
      recordedAt: T0.toISOString(),
      schemaVersion: 1,
    };

    async function list(product: Product) {
      await store.append(
        productStream(product.productId),
        [{ type: 'ProductListed', data: productData(product), metadata: { ...metadata, schemaVersion: 2 } }],
        'any',
      );
    }
    async function changeOffers(productId: string) {
      const offers = [{ supplier: 'digiflazz', sku: 'X1', maxCost: { value: '100', currency: 'IDR' } }];
      await store.append(
        productStream(productId),
        [{ type: 'ProductOffersChanged', data: { productId, offers }, metadata }],
        'any',
      );
    }
    async function changePrice(productId: string, from: bigint, to: bigint) {
      const previousPrice = { value: from.toString(), currency: 'IDR' };
      const price = { value: to.toString(), currency: 'IDR' };
      await store.append(
        productStream(productId),
        [{ type: 'ProductPriceChanged', data: { productId, previousPrice, price }, metadata }],
        'any',
      );
    }
    async function changeAvailability(productId: string, available: boolean) {
      await store.append(
        productStream(productId),
        [{ type: 'ProductAvailabilityChanged', data: { productId, available }, metadata }],
        'any',
      );
    }
    async function delist(productId: string) {
      await store.append(
        productStream(productId),
        [{ type: 'ProductDelisted', data: { productId }, metadata }],
        'any',
      );
    }
    async function otherEvent() {
      await store.append('order-r1', [{ type: 'OrderPlaced', data: { requestId: 'r1' }, metadata }], 'any');
    }

    async function eventsAfter(position: Position | undefined): Promise<RecordedEvent[]> {
      const events: RecordedEvent[] = [];
      for await (const event of store.readAll({ after: position })) events.push(event);
      return events;
    }

    function rows(): Promise<ProductRow[]> {
      return dataSource.getRepository(ProductRow).find({ order: { productId: 'ASC' } });
    }

    describe('the product projection', () => {
      it('shows listed products with their latest price and availability, cheapest first', async () => {
        await list(aProduct({ productId: 'TSEL-50K', price: idr(5_020_000) }));
        await list(aProduct({ productId: 'TSEL-10K', price: idr(1_025_000) }));
        await list(aProduct({ productId: 'TSEL-20K', price: idr(2_025_000) }));
        await list(aProduct({ productId: 'TSEL-20K-PROMO', price: idr(2_025_000) }));
        await list(aProduct({ productId: 'ISAT-10K', provider: 'indosat', price: idr(1_015_000) }));
        await changePrice('TSEL-50K', 5_020_000n, 990_000n);
        await changeAvailability('TSEL-20K', false);
        await runToHead();

        const products = await new ProductReadModel(dataSource).list({
          type: 'MOBILE_CREDIT',
          provider: 'telkomsel',
        });

        expect(
          products.map((product) => [product.productId, product.price.minor, product.available]),
        ).toEqual([
          ['TSEL-50K', 990_000n, true],
          ['TSEL-10K', 1_025_000n, true],
          ['TSEL-20K', 2_025_000n, false],
          ['TSEL-20K-PROMO', 2_025_000n, true],
        ]);
      });

      it('returns whole products, destination and all, but not their offers (kios’s own business)', async () => {
        const { offers, ...genshin } = aProduct({
          productId: 'GI-60',
          type: 'GAME_TOPUP',
          provider: 'genshin-impact',
          module: 'games',
          price: idr(1_650_000),
          destination: { kind: 'game_account', zone: true },
          offers: [{ supplier: 'digiflazz', sku: 'GI60', maxCost: idr(1_610_000) }],
        });
        await list({ ...genshin, offers });
        await changeOffers('GI-60');
        await runToHead();

        expect((await rows()).find((row) => row.productId === 'GI-60')?.revision).toBe(1n);
        expect(await new ProductReadModel(dataSource).get('GI-60')).toEqual(genshin);
        expect(
          await new ProductReadModel(dataSource).list({ type: 'GAME_TOPUP', provider: 'genshin-impact' }),
        ).toEqual([genshin]);
        expect(await new ProductReadModel(dataSource).get('GI-61')).toBeUndefined();
      });

      it('drops delisted products from lists and lookups', async () => {
        await list(aProduct({ productId: 'TSEL-10K' }));
        await list(aProduct({ productId: 'TSEL-25K' }));
        await delist('TSEL-25K');
        await runToHead();

        const readModel = new ProductReadModel(dataSource);
        expect((await readModel.list({ type: 'MOBILE_CREDIT' })).map((product) => product.productId)).toEqual(
          ['TSEL-10K'],
        );
        expect(await readModel.get('TSEL-25K')).toBeUndefined();
        expect((await rows()).find((row) => row.productId === 'TSEL-25K')).toMatchObject({ delisted: true });
      });

      it('filters by provider only when one is given', async () => {
        await list(aProduct({ productId: 'TSEL-10K' }));
        await list(aProduct({ productId: 'ISAT-10K', provider: 'indosat' }));
        await runToHead();

        const readModel = new ProductReadModel(dataSource);
        expect((await readModel.list({ type: 'MOBILE_CREDIT' })).map((product) => product.productId)).toEqual(
          ['ISAT-10K', 'TSEL-10K'],
        );
        expect((await readModel.list({ type: 'MOBILE_CREDIT', provider: 'indosat' })).length).toBe(1);
        expect(await readModel.list({ type: 'MOBILE_DATA' })).toEqual([]);
      });

      it('ignores the provider for WATER, EDUCATION and INTERNET (docs/dana-protocol.md §3.1)', async () => {
        const water = {
          type: 'WATER',
          module: 'biller' as const,
          pricing: 'bill' as const,
          price: idr(250_000),
        };
        await list(aProduct({ productId: 'PDAM-JAKARTA', provider: 'pdam-jakarta', ...water }));
        await list(aProduct({ productId: 'PDAM-BANDUNG', provider: 'pdam-bandung', ...water }));
        await runToHead();

        const products = await new ProductReadModel(dataSource).list({
          type: 'WATER',
          provider: 'pdam-jakarta',
        });
        expect(products.map((product) => product.productId)).toEqual(['PDAM-BANDUNG', 'PDAM-JAKARTA']);
      });

      it('never rolls a row back when handed an older event again', async () => {
        await list(aProduct({ productId: 'TSEL-10K' }));
        await changePrice('TSEL-10K', 1_025_000n, 1_050_000n);
        await (await runToHead()).stop();
        const current = await rows();
        const [listing] = await store.readStream(productStream('TSEL-10K'));

        await readModelTransaction(dataSource, (tx) => productProjection.apply(listing, tx));

        expect(await rows()).toEqual(current);
      });

      it('applies a batch as its events one by one would, reading the rows once and writing each changed row once', async () => {
        await list(aProduct({ productId: 'TSEL-A' }));
        await list(aProduct({ productId: 'TSEL-B' }));
        await (await runToHead()).stop();
        const before = (await store.headPosition())!;
        await changePrice('TSEL-A', 1_025_000n, 990_000n);
        await changeAvailability('TSEL-A', false);
        await list(aProduct({ productId: 'TSEL-C' }));
        await delist('TSEL-B');
        await list(aProduct({ productId: 'TSEL-D' }));
        await delist('TSEL-D');
        const batch = await eventsAfter(before);
        const oneByOne = target.create();
        const reference = await openReadModel(oneByOne.url, [productProjection]);
        try {
          await readModelTransaction(reference, async (tx) => {
            for (const event of await eventsAfter(undefined)) await productProjection.apply(event, tx);
          });
          const statements: string[] = [];

          await readModelTransaction(dataSource, async (tx) => {
            const queryRunner = tx.queryRunner!;
            const query = jest.spyOn(queryRunner, 'query');
            try {
              await productProjection.applyBatch!(batch, tx);
              statements.push(
                ...query.mock.calls
                  .map(([sql]) => sql)
                  .filter((sql) => /"product"/.test(sql))
                  .map((sql) => sql.split(' ')[0]),
              );
            } finally {
              query.mockRestore();
            }
          });

          expect(await rows()).toEqual(
            await reference.getRepository(ProductRow).find({ order: { productId: 'ASC' } }),
          );
          expect((await rows()).map((row) => [row.productId, row.revision])).toEqual([
            ['TSEL-A', 2n],
            ['TSEL-B', 1n],
            ['TSEL-C', 0n],
            ['TSEL-D', 1n],
          ]);
          // One read of A, B, C and D; A updated once for its two events, B once; C and D (listed and
          // delisted) inserted by one statement.
          expect(statements.sort()).toEqual(['INSERT', 'SELECT', 'UPDATE', 'UPDATE']);
        } finally {
          await reference.destroy();
          await oneByOne.dispose();
        }
      });

      it('names the event of a batch it cannot apply, and applies none of the batch', async () => {
        await list(aProduct({ productId: 'TSEL-A' }));
        await store.append(
          productStream('TSEL-B'),
          [
            {
              type: 'ProductListed',
              data: { productId: 'TSEL-B' },
              metadata: { ...metadata, schemaVersion: 2 },
            },
          ],
          'any',
        );
        const batch = await eventsAfter(undefined);

        const applying = readModelTransaction(dataSource, (tx) => productProjection.applyBatch!(batch, tx));

        await expect(applying).rejects.toThrow(
          /^projection product failed on ProductListed product-TSEL-B@0/,
        );
        expect(await rows()).toEqual([]);
      });

      it('records the revision and time of the last event applied to each row', async () => {
        await list(aProduct({ productId: 'TSEL-10K' }));
        clock.advance(60_000);
        await changeAvailability('TSEL-10K', false);
        await runToHead();

        expect(await rows()).toEqual([
          expect.objectContaining({
            productId: 'TSEL-10K',
            revision: 1n,
            updatedAt: '2025-01-15T03:01:00.000Z',
          }),
        ]);
      });
    });

    describe('the runner', () => {
      it('leaves identical rows when the same events are replayed', async () => {
        await list(aProduct({ productId: 'TSEL-10K' }));
        await list(aProduct({ productId: 'TSEL-20K', price: idr(2_025_000) }));
        await changePrice('TSEL-10K', 1_025_000n, 1_050_000n);
        await delist('TSEL-20K');
        const first = await runToHead();
        await first.stop();
        const once = await rows();

        await deleteCheckpoint(dataSource, 'product');
        await (await runToHead()).stop();

        expect(await rows()).toEqual(once);
      });

      it('rebuilds the same rows from scratch', async () => {
        await list(aProduct({ productId: 'TSEL-10K' }));
        await changeAvailability('TSEL-10K', false);
        await changeAvailability('TSEL-10K', true);
        await (await runToHead()).stop();
        const built = await rows();

        await dataSource.getRepository(ProductRow).clear();
        await deleteCheckpoint(dataSource, 'product');
        await (await runToHead()).stop();

        expect(await rows()).toEqual(built);
      });

      it('applies nothing twice when the store hands back events it already applied', async () => {
        const applied: string[] = [];
        const counting = recordingApplies(applied);
        await list(aProduct({ productId: 'TSEL-10K' }));
        await (await runToHead(counting)).stop();
        await changePrice('TSEL-10K', 1_025_000n, 1_050_000n);

        const replaying = new ProjectionRunner(new ReplayingStore(store), dataSource, counting, {
          clock,
          logger,
        });
        runners.push(replaying);
        await replaying.start();
        await replaying.waitUntilCaughtUp(5_000);

        expect(applied).toHaveLength(2);
        expect(new Set(applied).size).toBe(2);
        expect((await rows())[0]).toMatchObject({ priceMinor: '1050000', revision: 1n });
      });

      it('rolls back a failing batch whole: no partial row, no checkpoint past it; failing after the attempts, never stopped', async () => {
        await list(aProduct({ productId: 'TSEL-10K' }));
        await list(aProduct({ productId: 'BOOM' }));
        const failing = failingAfter('BOOM');
        const failingRunner = runner(failing);
        await failingRunner.start();

        await expect(failingRunner.waitUntilCaughtUp(5_000)).rejects.toThrow(
          'projection product failed on ProductListed product-BOOM@0 (position 2/2): disk full',
        );
        expect(failingRunner.status()).toMatchObject({
          state: 'failing',
          error: expect.stringContaining('disk full'),
        });
        expect(await rows()).toEqual([]);
        expect(await loadCheckpoint(dataSource, 'product')).toBeUndefined();
        expect(logger.lines.filter((line) => /^warn: .*in a row/.test(line))).toHaveLength(2);
        expect(logger.lines).toContainEqual(
          expect.stringMatching(
            /^error: projection product is failing at the beginning \(3 in a row\).*disk full/,
          ),
        );
      });

      it('goes on trying while a failure lasts, and applies everything once it clears', async () => {
        await list(aProduct({ productId: 'TSEL-10K' }));
        let diskFull = true;
        let tries = 0;
        const untilFreed: Projection = {
          ...productProjection,
          applyBatch: undefined,
          apply: async (event, tx) => {
            tries += 1;
            if (diskFull) throw new Error('SQLITE_FULL: database or disk is full');
            await productProjection.apply(event, tx);
          },
        };
        const patient = runner(untilFreed, { retry: { attempts: 2, initialDelayMs: 1, maxDelayMs: 5 } });
        await patient.start();
        await eventually(() => expect(patient.status().state).toBe('failing'));
        const triesWhenFailing = tries;
        await eventually(() => expect(tries).toBeGreaterThan(triesWhenFailing + 3));
        await list(aProduct({ productId: 'TSEL-20K', price: idr(2_025_000) }));

        diskFull = false;
        await eventually(() => expect(patient.status().state).toBe('running'));
        await patient.waitUntilCaughtUp(5_000);

        expect((await rows()).map((row) => row.productId)).toEqual(['TSEL-10K', 'TSEL-20K']);
        expect(patient.status().error).toBeUndefined();
        expect(logger.lines).toContainEqual(expect.stringMatching(/^log: projection product recovered/));
      });

      it('subscribes again after its checkpoint when the feed breaks', async () => {
        await list(aProduct({ productId: 'TSEL-10K' }));
        let subscriptions = 0;
        const breaksOnce = {
          subscribeToAll: (options?: SubscribeToAllOptions): AllSubscription => {
            subscriptions += 1;
            return subscriptions === 1 ? brokenSubscription() : store.subscribeToAll(options);
          },
        };
        const resubscribing = runner(productProjection, { feed: breaksOnce });
        await resubscribing.start();
        await resubscribing.waitUntilCaughtUp(5_000);

        expect(subscriptions).toBe(2);
        expect((await rows()).map((row) => row.productId)).toEqual(['TSEL-10K']);
        expect(logger.lines).toContainEqual(
          expect.stringMatching(/^warn: .*\(1 in a row\).*connection reset/),
        );
      });

      it('keeps what committed before a failing batch', async () => {
        await list(aProduct({ productId: 'TSEL-10K' }));
        await (await runToHead()).stop();
        const committed = await loadCheckpoint(dataSource, 'product');
        await list(aProduct({ productId: 'BOOM' }));
        const failing = failingAfter('BOOM');
        const failingRunner = runner(failing, { retry: { attempts: 1 } });
        await failingRunner.start();
        await expect(failingRunner.waitUntilCaughtUp(5_000)).rejects.toThrow('disk full');

        expect((await rows()).map((row) => row.productId)).toEqual(['TSEL-10K']);
        expect(await loadCheckpoint(dataSource, 'product')).toEqual(committed);
      });

      it('retries a batch that failed once and then applies it', async () => {
        await list(aProduct({ productId: 'TSEL-10K' }));
        let failures = 0;
        const flaky: Projection = {
          ...productProjection,
          applyBatch: undefined,
          apply: async (event, tx) => {
            await productProjection.apply(event, tx);
            if (failures++ === 0) throw new Error('connection reset');
          },
        };

        const recovered = await runToHead(flaky);

        expect(recovered.status()).toMatchObject({ state: 'running', eventsApplied: 1 });
        expect((await rows()).map((row) => row.productId)).toEqual(['TSEL-10K']);
        expect(logger.lines).toContainEqual(
          expect.stringMatching(/^warn: .*\(1 in a row\).*connection reset/),
        );
      });

      it('continues from its checkpoint after a restart: nothing twice, nothing missing', async () => {
        const applied: string[] = [];
        const counting = recordingApplies(applied);
        await list(aProduct({ productId: 'TSEL-10K' }));
        await list(aProduct({ productId: 'TSEL-20K', price: idr(2_025_000) }));
        await (await runToHead(counting)).stop();

        await changePrice('TSEL-10K', 1_025_000n, 1_050_000n);
        await otherEvent();
        await list(aProduct({ productId: 'TSEL-25K', price: idr(2_525_000) }));
        const restarted = await runToHead(counting);

        expect(restarted.status().eventsApplied).toBe(3);
        expect(applied).toHaveLength(4);
        expect(new Set(applied).size).toBe(4);
        expect((await rows()).map((row) => [row.productId, row.priceMinor])).toEqual([
          ['TSEL-10K', '1050000'],
          ['TSEL-20K', '2025000'],
          ['TSEL-25K', '2525000'],
        ]);
      });

      it('follows live events after catching up', async () => {
        const live = await runToHead();
        await list(aProduct({ productId: 'TSEL-10K' }));
        await live.waitUntilCaughtUp(5_000);
        await changeAvailability('TSEL-10K', false);
        await live.waitUntilCaughtUp(5_000);

        expect(await new ProductReadModel(dataSource).get('TSEL-10K')).toMatchObject({ available: false });
      });

      it('moves its checkpoint past events it does not handle', async () => {
        await list(aProduct({ productId: 'TSEL-10K' }));
        await otherEvent();
        const caughtUp = await runToHead();

        expect(caughtUp.status().checkpoint).toBe('2/2');
        expect(await caughtUp.lag()).toEqual({ events: 0, seconds: 0, eventsCapped: false });
      });

      it('applies a long history in few transactions', async () => {
        for (let i = 0; i < 30; i += 1) await list(aProduct({ productId: `P-${i}` }));
        let commits = 0;
        dataSource.subscribers.push({ afterTransactionCommit: () => void (commits += 1) });

        await runToHead(productProjection, { batchSize: 10 });

        expect(commits).toBe(3);
        expect((await rows()).length).toBe(30);
      });

      it('measures lag in events and in the age of the oldest unapplied event', async () => {
        await list(aProduct({ productId: 'TSEL-10K' }));
        clock.advance(30_000);
        await list(aProduct({ productId: 'TSEL-20K' }));
        await otherEvent();
        clock.advance(60_000);
        const lagging = runner();

        expect(await lagging.lag()).toEqual({ events: 3, seconds: 90, eventsCapped: false });
        await lagging.start();
        await lagging.waitUntilCaughtUp(5_000);
        expect(await lagging.lag()).toEqual({ events: 0, seconds: 0, eventsCapped: false });
      });

      it('says when it stopped counting lag', async () => {
        for (let i = 0; i < 5; i += 1) await list(aProduct({ productId: `P-${i}` }));

        expect(await runner(productProjection, { lagCountLimit: 3 }).lag()).toMatchObject({
          events: 3,
          eventsCapped: true,
        });
      });

      it('stops following the store when stopped', async () => {
        const stopped = await runToHead();
        await list(aProduct({ productId: 'TSEL-10K' }));
        await stopped.waitUntilCaughtUp(5_000);
        await stopped.stop();
        await list(aProduct({ productId: 'TSEL-20K' }));

        expect(stopped.status().state).toBe('stopped');
        expect(await stopped.lag()).toMatchObject({ events: 1 });
        expect((await rows()).map((row) => row.productId)).toEqual(['TSEL-10K']);
      });

      it('gives up waiting for a catch-up that does not come', async () => {
        await list(aProduct({ productId: 'TSEL-10K' }));

        await expect(runner().waitUntilCaughtUp(20)).rejects.toThrow(
          'projection product did not reach 1/1 within 20 ms (it is after the beginning, idle)',
        );
      });

      it('keeps the checkpoint of one projection apart from another', async () => {
        await list(aProduct({ productId: 'TSEL-10K' }));
        const shadow: Projection = {
          ...productProjection,
          applyBatch: undefined,
          name: 'product-shadow',
          apply: async () => undefined,
        };
        await (await runToHead(shadow)).stop();

        expect(await loadCheckpoint(dataSource, 'product-shadow')).toEqual({ commit: 1n, prepare: 1n });
        expect(await loadCheckpoint(dataSource, 'product')).toBeUndefined();
        expect(comparePositions((await store.headPosition())!, { commit: 1n, prepare: 1n })).toBe(0);
      });
    });
  });
}
