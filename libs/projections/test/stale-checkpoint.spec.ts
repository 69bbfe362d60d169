import { productData, productStream } from '@kios/catalog';
import { FixedClock } from '@kios/dana-protocol';
import {
  type AllSubscription,
  type EventStore,
  InMemoryEventStore,
  type Position,
  type RecordedEvent,
  type SubscribeToAllOptions,
} from '@kios/event-store';
import { aProduct } from '@kios/testing';
import type { DataSource } from 'typeorm';
import { deleteCheckpoint, loadCheckpoint, saveCheckpoint } from '../src/checkpoint/projection-checkpoints';
import { StaleCheckpoint } from '../src/checkpoint/stale-checkpoint';
import type { Projection } from '../src/projection';
import { ProjectionRunner } from '../src/projection-runner';
import { productProjection } from '../src/product/product.projection';
import { ProductRow } from '../src/product/product.row';
import { openReadModel } from '../src/read-model-schema';
import { readModelTransaction } from '../src/read-model-transaction';
import { postgresTarget, sqliteTarget } from './read-model.targets';

const T0 = new Date('2025-01-15T03:00:00.000Z');
const STALE_MARK = 'written by the stale runner';
const at = (n: bigint): Position => ({ commit: n, prepare: n });

/** A feed that hands each subscriber's events on only as the test releases them. */
class HeldFeed {
  private allowed = 0;
  private readonly waiting = new Set<() => void>();

  constructor(private readonly store: EventStore) {}

  release(events: number): void {
    this.allowed += events;
    this.wakeAll();
  }

  subscribeToAll(options?: SubscribeToAllOptions): AllSubscription {
    const inner = this.store.subscribeToAll(options);
    let closed = false;
    return {
      close: async () => {
        closed = true;
        this.wakeAll();
        await inner.close();
      },
      [Symbol.asyncIterator]: () => this.held(inner, () => closed),
    };
  }

  private async *held(inner: AllSubscription, closed: () => boolean): AsyncGenerator<RecordedEvent> {
    for await (const event of inner) {
      while (this.allowed === 0 && !closed()) {
        await new Promise<void>((resolve) => {
          const wake = () => {
            this.waiting.delete(wake);
            resolve();
          };
          this.waiting.add(wake);
        });
      }
      if (closed()) return;
      this.allowed -= 1;
      yield event;
    }
  }

  private wakeAll(): void {
    for (const wake of this.waiting) wake();
  }
}

describe.each([sqliteTarget, postgresTarget])('checkpoints written compare-and-set on $name', (target) => {
  let clock: FixedClock;
  let store: InMemoryEventStore;
  let dataSource: DataSource;
  let dispose: () => Promise<void>;
  let logLines: string[];
  const runners: ProjectionRunner[] = [];

  beforeEach(async () => {
    clock = new FixedClock(T0);
    store = new InMemoryEventStore({ clock });
    const database = target.create();
    dispose = database.dispose;
    dataSource = await openReadModel(database.url, [productProjection]);
    logLines = [];
  });

  afterEach(async () => {
    await Promise.all(runners.splice(0).map((runner) => runner.stop()));
    await store.close();
    await dataSource.destroy();
    await dispose();
  });

  function runner(projection: Projection, feed?: HeldFeed): ProjectionRunner {
    const log = (level: string) => (message: string) => logLines.push(`${level}: ${message}`);
    const created = new ProjectionRunner(store, dataSource, projection, {
      clock,
      feed,
      logger: { log: log('log'), warn: log('warn'), error: log('error') },
      retry: { attempts: 2, initialDelayMs: 1, maxDelayMs: 1 },
    });
    runners.push(created);
    return created;
  }

  async function list(productId: string) {
    const metadata = { correlationId: 't', causationId: 't', recordedAt: T0.toISOString(), schemaVersion: 2 };
    await store.append(
      productStream(productId),
      [{ type: 'ProductListed', data: productData(aProduct({ productId })), metadata }],
      'any',
    );
  }

  const rows = () => dataSource.getRepository(ProductRow).find({ order: { productId: 'ASC' } });

  async function until(condition: () => boolean): Promise<void> {
    for (let tries = 0; !condition(); tries += 1) {
      if (tries > 500) throw new Error('condition not reached');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** The product projection, also marking TSEL-C's row: a write that shows whether its batch stayed. */
  const marking: Projection = {
    ...productProjection,
    // Per event, so that the wrapped `apply` below is what the runner calls.
    applyBatch: undefined,
    async apply(event, tx) {
      await productProjection.apply(event, tx);
      if (event.stream === productStream('TSEL-C')) {
        await tx.getRepository(ProductRow).update({ productId: 'TSEL-C' }, { name: STALE_MARK });
      }
    },
  };

  it('rolls back the batch of a runner whose checkpoint another runner moved, and never moves it back', async () => {
    await list('TSEL-A');
    await list('TSEL-B');
    const fresh = runner(productProjection);
    await fresh.start();
    await fresh.waitUntilCaughtUp(5_000);
    const held = new HeldFeed(store);
    const stale = runner(marking, held);
    await stale.start();
    expect(stale.status().checkpoint).toBe('2/2');

    await list('TSEL-C');
    await list('TSEL-D');
    await fresh.waitUntilCaughtUp(5_000);
    // Positive control: the runner holding the current checkpoint writes.
    expect((await rows()).map((row) => row.productId)).toEqual(['TSEL-A', 'TSEL-B', 'TSEL-C', 'TSEL-D']);
    expect(await loadCheckpoint(dataSource, 'product')).toEqual(at(4n));

    held.release(1);
    await until(() => stale.status().checkpoint === '4/4');

    expect(await loadCheckpoint(dataSource, 'product')).toEqual(at(4n));
    expect((await rows()).map((row) => row.name)).not.toContain(STALE_MARK);
    expect(logLines).toContainEqual(
      'warn: projection product: checkpoint of product moved under it: expected 2/2, found 4/4; ' +
        'its batch was rolled back, taking up after position 4/4',
    );
    expect(stale.status()).toMatchObject({ state: 'running', eventsApplied: 0 });

    // Both now follow from the stored checkpoint; whichever commits second finds it moved.
    await list('TSEL-E');
    held.release(100);
    await fresh.waitUntilCaughtUp(5_000);
    await stale.waitUntilCaughtUp(5_000);
    expect(await loadCheckpoint(dataSource, 'product')).toEqual(at(5n));
    await fresh.stop();
    await stale.stop();
    const sharedRows = await rows();

    await dataSource.getRepository(ProductRow).clear();
    await deleteCheckpoint(dataSource, 'product');
    const single = runner(productProjection);
    await single.start();
    await single.waitUntilCaughtUp(5_000);
    expect(await rows()).toEqual(sharedRows);
  });

  it('refuses a first checkpoint when one is stored already, naming what it found', async () => {
    await readModelTransaction(dataSource, (tx) =>
      saveCheckpoint(tx, 'product', { expected: undefined, position: at(3n) }, clock.now()),
    );

    const second = readModelTransaction(dataSource, (tx) =>
      saveCheckpoint(tx, 'product', { expected: undefined, position: at(1n) }, clock.now()),
    );
    await expect(second).rejects.toBeInstanceOf(StaleCheckpoint);
    await expect(second).rejects.toMatchObject({ projection: 'product', expected: undefined, found: at(3n) });
    const third = readModelTransaction(dataSource, (tx) =>
      saveCheckpoint(tx, 'product', { expected: at(2n), position: at(4n) }, clock.now()),
    );
    await expect(third).rejects.toThrow('checkpoint of product moved under it: expected 2/2, found 3/3');
    expect(await loadCheckpoint(dataSource, 'product')).toEqual(at(3n));

    await readModelTransaction(dataSource, (tx) =>
      saveCheckpoint(tx, 'product', { expected: at(3n), position: at(4n) }, clock.now()),
    );
    expect(await loadCheckpoint(dataSource, 'product')).toEqual(at(4n));
  });
});
