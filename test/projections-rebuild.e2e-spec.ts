import { join } from 'node:path';
import { FixedClock, systemClock } from '@kios/dana-protocol';
import { openKiosEventStore } from '@kios/event-store';
import { kiosProjections, openRebuildSite, RebuildInterrupted, rebuildProjections } from '@kios/projections';
import { listTrafficProducts, writeOrderTraffic } from '../libs/projections/test/rebuild/order-traffic';
import { runCreateOrderTraffic } from './support/create-order-traffic';
import { eventually } from './support/eventually';
import { KiosProcess, spawnApp, tempDataDir } from './support/kios-process';
import {
  postgresReadModel,
  type ReadModelUnderTest,
  readModelRows,
  referenceRows,
  sqliteReadModel,
  stopCaughtUp,
} from './support/read-model-check';
import { runApp } from './support/run-cli';

/** History already in the store before kios starts: enough for the rebuild to take a while. */
const SEEDED_ORDERS = 1_500;

/** A data folder whose event store holds SEEDED_ORDERS orders and whose read model is projected up to them. */
async function seededKios(
  readModel: ReadModelUnderTest,
  env: Record<string, string> = {},
): Promise<KiosProcess> {
  const dataDir = tempDataDir('kios-rebuild-');
  const eventStore = `sqlite:${join(dataDir, 'events.db')}`;
  const readModelUrl = readModel.url(dataDir);
  const clock = new FixedClock(new Date('2025-01-15T01:00:00.000Z'));
  const store = await openKiosEventStore(eventStore, clock);
  try {
    await listTrafficProducts(store, clock);
    await writeOrderTraffic(store, { orders: SEEDED_ORDERS, clock });
    // Projecting thousands of orders one event at a time would take the test's time; a rebuild is quick.
    await rebuildProjections({ store, readModelUrl, projections: kiosProjections });
  } finally {
    await store.close();
  }
  return new KiosProcess({
    dataDir,
    env: {
      KIOS_EVENT_STORE: eventStore,
      KIOS_READ_MODEL: readModelUrl,
      KIOS_DANA_BASE_URL: 'http://127.0.0.1:9',
      ...env,
    },
  });
}

/** `kios-cli projections rebuild --all`, noting when it started replaying and when it had switched. */
async function runRebuildWatched(env: Record<string, string>) {
  const child = spawnApp('kios-cli', ['projections', 'rebuild', '--all'], env);
  let stdout = '';
  let stderr = '';
  let replayingFrom = Number.POSITIVE_INFINITY;
  let switchedAt = Number.NEGATIVE_INFINITY;
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (replayingFrom === Number.POSITIVE_INFINITY && stdout.includes('replaying '))
      replayingFrom = Date.now();
    if (switchedAt === Number.NEGATIVE_INFINITY && stdout.includes('\nrebuilt ')) switchedAt = Date.now();
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  return { code, stdout, stderr, replayingFrom, switchedAt };
}

describe.each([sqliteReadModel, postgresReadModel])(
  'kios-cli projections rebuild on a $name read model',
  (readModel) => {
    let kios: KiosProcess;

    beforeAll(async () => {
      kios = await seededKios(readModel);
      await kios.start();
    }, 60_000);

    afterAll(async () => {
      await kios?.kill();
      if (kios) await readModel.dispose(kios.env().KIOS_READ_MODEL);
    });

    it('rebuilds every read model while Create Order traffic keeps succeeding, ending row by row where projecting from scratch ends', async () => {
      const traffic = runCreateOrderTraffic(kios.client(), `REBUILD-${readModel.name}`);
      await eventually(async () => expect(traffic.results.length).toBeGreaterThan(5));

      const run = await runRebuildWatched(kios.env());
      const rebuiltAt = Date.now();
      // Traffic goes on until a few orders started after the switch, so "no problem" covers the
      // switched-in tables (waiting for them, not a fixed time: a loaded machine may answer slowly).
      const startedAfterSwitch = () => traffic.results.filter((result) => result.startedAt >= rebuiltAt);
      await eventually(async () => expect(startedAfterSwitch().length).toBeGreaterThanOrEqual(3));
      const results = await traffic.stop();

      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(
        /^replaying product, callback_outbox, order_detail, fulfilment_followup, order_index: [\d,]+\/[\d,]+ events/m,
      );
      for (const projection of kiosProjections) {
        expect(run.stdout).toMatch(
          new RegExp(
            `^rebuilt ${projection.name}: readers now use the new tables, checkpoint \\d+/\\d+$`,
            'm',
          ),
        );
      }
      expect(results.filter((result) => result.problem)).toEqual([]);
      // Requests in flight between the first progress line and the end of the switch.
      const duringRebuild = results.filter(
        (result) => result.endedAt > run.replayingFrom && result.startedAt < run.switchedAt,
      );
      expect(duringRebuild.length).toBeGreaterThan(0);

      await stopCaughtUp(kios);
      try {
        const rows = await readModelRows(kios.env().KIOS_READ_MODEL);
        expect(rows.order_detail).toHaveLength(SEEDED_ORDERS + results.length);
        expect(rows).toEqual(await referenceRows(kios.env().KIOS_EVENT_STORE, readModel));
      } finally {
        await kios.start();
      }
    }, 120_000);

    it('refuses a second rebuild of a projection while one runs, naming who runs it', async () => {
      const site = await openRebuildSite(kios.env().KIOS_READ_MODEL, kiosProjections);
      const lock = await site.lock(
        kiosProjections.find((projection) => projection.name === 'order_detail')!,
        {
          pid: process.pid,
          host: 'ops-laptop',
          startedAt: new Date('2025-01-15T03:00:00.000Z'),
        },
      );
      try {
        const run = await runApp('kios-cli', ['projections', 'rebuild', 'order_detail'], kios.env());
        expect(run.code).toBe(1);
        expect(run.stderr).toBe(
          `kios-cli: a rebuild of order_detail is already running (pid ${process.pid} on ops-laptop, since 2025-01-15T10:00:00+07:00)\n`,
        );
        const status = await runApp('kios-cli', ['projections', 'status'], kios.env());
        expect(status.stdout).toMatch(
          /^order_detail .* running \(pid \d+ on ops-laptop, since 2025-01-15T10:00:00\+07:00\)$/m,
        );
      } finally {
        await lock.release();
        await site.close();
      }
    });

    it('shows an interrupted rebuild in status, resumes it, and discards one on request', async () => {
      const env = kios.env();
      const orderDetail = kiosProjections.filter((projection) => projection.name === 'order_detail');
      const interruptAfterFirstFlush = async () => {
        const store = await openKiosEventStore(env.KIOS_EVENT_STORE, systemClock);
        const stop = new AbortController();
        try {
          await rebuildProjections({
            store,
            readModelUrl: env.KIOS_READ_MODEL,
            projections: orderDetail,
            flushEvery: 2_000,
            signal: stop.signal,
            onProgress: () => stop.abort(),
          });
          throw new Error('the rebuild was not interrupted');
        } catch (error) {
          if (!(error instanceof RebuildInterrupted)) throw error;
          return error.checkpoints.order_detail!;
        } finally {
          await store.close();
        }
      };

      const stoppedAt = await interruptAfterFirstFlush();
      const status = await runApp('kios-cli', ['projections', 'status'], env);
      expect(status.stdout).toMatch(
        new RegExp(
          `^order_detail .* interrupted at ${stoppedAt}: resume with \`kios-cli projections rebuild order_detail\` or add --discard$`,
          'm',
        ),
      );
      expect(status.stdout).toMatch(/^product .* -$/m);
      const resumed = await runApp('kios-cli', ['projections', 'rebuild', 'order_detail'], env);
      expect(resumed.code).toBe(0);
      expect(resumed.stdout).toContain(
        `rebuilt order_detail (resumed from ${stoppedAt}): readers now use the new tables`,
      );
      // The rebuild is an admin action: recorded on the projection's stream, naming the operator.
      const store = await openKiosEventStore(env.KIOS_EVENT_STORE, systemClock);
      try {
        const requests = await store.readStream('projection-order_detail');
        expect(requests.at(-1)).toMatchObject({
          type: 'ProjectionRebuildRequested',
          data: {
            projection: 'order_detail',
            together: ['order_detail'],
            requestedBy: expect.stringMatching(/^kios-cli \(.+\)$/),
          },
        });
      } finally {
        await store.close();
      }

      await interruptAfterFirstFlush();
      const discarded = await runApp(
        'kios-cli',
        ['projections', 'rebuild', 'order_detail', '--discard'],
        env,
      );
      expect(discarded.stdout).toBe('discarded the interrupted rebuild of order_detail\n');
      const statusJson = JSON.parse(
        (await runApp('kios-cli', ['projections', 'status', '--json'], env)).stdout,
      );
      expect(
        statusJson.find((projection: { name: string }) => projection.name === 'order_detail').rebuild,
      ).toEqual({
        state: 'none',
      });
      const again = await runApp('kios-cli', ['projections', 'rebuild', 'order_detail', '--discard'], env);
      expect(again.stdout).toBe('no rebuild of order_detail to discard\n');
    }, 60_000);
  },
);
