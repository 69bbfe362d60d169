import { randomUUID } from 'node:crypto';
import {
  type AllSubscription,
  InMemoryEventStore,
  positionToCheckpoint,
  type RecordedEvent,
  SharedAllFeed,
} from '@kios/event-store';
import type { DataSource } from 'typeorm';
import { loadCheckpoint } from '../src/checkpoint/projection-checkpoints';
import type { Projection } from '../src/projection';
import type { ProjectionLogger } from '../src/projection-logger';
import { ProjectionRunner } from '../src/projection-runner';
import { openReadModel } from '../src/read-model-schema';
import { sqliteTarget } from './read-model.targets';

const quiet: ProjectionLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** Counts the `$all` subscriptions opened on it. */
class CountingStore extends InMemoryEventStore {
  subscriptionsOpened = 0;
  override subscribeToAll(...args: Parameters<InMemoryEventStore['subscribeToAll']>): AllSubscription {
    this.subscriptionsOpened += 1;
    return super.subscribeToAll(...args);
  }
}

/** A projection with no tables: notes the id of every event whose batch it applied (`failures` times failing first). */
function recording(name: string, failures = 0): Projection & { applied: string[] } {
  const applied: string[] = [];
  let failuresLeft = failures;
  return {
    name,
    eventTypes: ['Happened'],
    entities: [],
    migrations: [],
    applied,
    apply: async (event: RecordedEvent) => {
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        throw new Error('read model unavailable');
      }
      applied.push(event.id);
    },
  };
}

describe('projection runners sharing one $all feed', () => {
  let store: CountingStore;
  let dataSource: DataSource;
  let dispose: () => Promise<void>;
  const runners: ProjectionRunner[] = [];

  beforeEach(async () => {
    store = new CountingStore();
    const database = sqliteTarget.create();
    dispose = database.dispose;
    dataSource = await openReadModel(database.url, []);
  });

  afterEach(async () => {
    await Promise.all(runners.splice(0).map((runner) => runner.stop()));
    await store.close();
    await dataSource.destroy();
    await dispose();
  });

  const appendMany = async (count: number): Promise<string[]> => {
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const id = randomUUID();
      await store.append(`thing-${i % 3}`, [{ id, type: 'Happened', data: { i } }], 'any');
      ids.push(id);
    }
    return ids;
  };

  const runner = (projection: Projection, feed: SharedAllFeed) => {
    const created = new ProjectionRunner(store, dataSource, projection, {
      feed,
      logger: quiet,
      retry: { attempts: 5, initialDelayMs: 20, maxDelayMs: 20 },
    });
    runners.push(created);
    return created;
  };

  it('apply every event once and in order, each runner keeping its own checkpoint, one started far behind', async () => {
    const feed = new SharedAllFeed(store, { replayWindow: 3 });
    const early = recording('early');
    const late = recording('late');
    const ids = await appendMany(10);
    const first = runner(early, feed);
    await first.start();
    await first.waitUntilCaughtUp(5_000);
    ids.push(...(await appendMany(10)));

    const second = runner(late, feed);
    await second.start();
    ids.push(...(await appendMany(10)));
    await Promise.all([first.waitUntilCaughtUp(5_000), second.waitUntilCaughtUp(5_000)]);

    expect(early.applied).toEqual(ids);
    expect(late.applied).toEqual(ids);
    const head = positionToCheckpoint((await store.headPosition())!);
    expect(await loadCheckpoint(dataSource, 'early').then((at) => at && positionToCheckpoint(at))).toBe(head);
    expect(await loadCheckpoint(dataSource, 'late').then((at) => at && positionToCheckpoint(at))).toBe(head);
    expect(store.subscriptionsOpened).toBe(1);
  });

  it('let a runner backing off after a failed batch fall behind the feed, then catch up from its checkpoint', async () => {
    const feed = new SharedAllFeed(store, { maxQueued: 2, replayWindow: 0 });
    const steady = recording('steady');
    const flaky = recording('flaky', 2);
    await Promise.all([runner(steady, feed).start(), runner(flaky, feed).start()]);

    const ids = await appendMany(40);
    await Promise.all(runners.map((started) => started.waitUntilCaughtUp(5_000)));

    expect(steady.applied).toEqual(ids);
    expect(flaky.applied).toEqual(ids);
  });

  it('let a stopped runner start again where it stopped while the others kept going', async () => {
    const feed = new SharedAllFeed(store);
    const kept = recording('kept');
    const paused = recording('paused');
    const keptRunner = runner(kept, feed);
    const pausedRunner = runner(paused, feed);
    await Promise.all([keptRunner.start(), pausedRunner.start()]);
    const ids = await appendMany(5);
    await pausedRunner.waitUntilCaughtUp(5_000);

    await pausedRunner.stop();
    ids.push(...(await appendMany(5)));
    await keptRunner.waitUntilCaughtUp(5_000);
    await pausedRunner.start();
    ids.push(...(await appendMany(5)));
    await Promise.all([keptRunner.waitUntilCaughtUp(5_000), pausedRunner.waitUntilCaughtUp(5_000)]);

    expect(kept.applied).toEqual(ids);
    expect(paused.applied).toEqual(ids);
  });
});
