import { randomBytes } from 'node:crypto';
import { TEST_POSTGRES_URL } from '@kios/testing';
import { Client } from 'pg';
import { startSupplierSim, type SupplierSim } from '../apps/supplier-sim/src';
import { createOrder, phone, useCallbackE2e } from './support/callback-e2e';
import { digiflazzEnv, DigiflazzShop } from './support/digiflazz-shop';
import { eventually } from './support/eventually';
import type { KiosProcess } from './support/kios-process';
import { dropSchemasOf } from './support/read-model-check';
import { runApp } from './support/run-cli';

/**
 * Leases (docs/architecture.md §1): two replicas on one PostgreSQL; the one holding the processors
 * is frozen with SIGSTOP right after it answered an order PENDING, past KIOS_LEASE_TTL_MS. The
 * other takes every lease over (its log, and kios-cli processors status), settles the order and
 * calls DANA back. Resumed (SIGCONT), the frozen one appends no event and moves no checkpoint, and its log says it gave each processor up.
 * Positive control: the same readings see an order placed afterwards (its events, the checkpoints).
 */
const LEASE_TTL_MS = 1500;
const IDLE_IN_TRANSACTION_MS = 2000;
const EVENTS_SCHEMA = `kios_e2e_events_${randomBytes(5).toString('hex')}`;
const READ_SCHEMA = `kios_e2e_read_${randomBytes(5).toString('hex')}`;

const tookLeases = (log: string) => [...log.matchAll(/took lease (\S+) \(token \d+\)/g)].map((m) => m[1]);
/** Processors the log says this replica gave up: refused on renewal ("lost lease X (token …"), or not renewable before its end ("lost lease X: not renewed …"). */
const lostLeases = (log: string) =>
  [...log.matchAll(/lost lease ([^\s:]+)(?: \(|: not renewed)/g)].map((m) => m[1]);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('two kios replicas, the holder of the processors frozen past the lease TTL', () => {
  // Before the shared hooks' (they run in this order): a frozen process would never end on SIGTERM.
  afterAll(() => holder?.signal('SIGCONT'));
  const e2e = useCallbackE2e();
  const db = new Client({ connectionString: TEST_POSTGRES_URL });
  let sim: SupplierSim;
  let holder: KiosProcess;
  let standBy: KiosProcess;

  beforeAll(async () => {
    await db.connect();
    sim = await startSupplierSim({ pendingDelayMs: 1000 });
    const env = {
      KIOS_EVENT_STORE: `${TEST_POSTGRES_URL}?schema=${EVENTS_SCHEMA}`,
      KIOS_READ_MODEL: `${TEST_POSTGRES_URL}?schema=${READ_SCHEMA}`,
      KIOS_LEASE_TTL_MS: String(LEASE_TTL_MS),
      // A replica frozen inside a write transaction (a projection's batch, a lease renewal) keeps it
      // open, and PostgresEventStore reads $all only below the oldest open transaction: every other
      // replica's projections can wait for the frozen one. The server ends such a transaction after
      // this long (what an operator sets for several replicas; README 'Running several replicas').
      PGOPTIONS: `-c idle_in_transaction_session_timeout=${IDLE_IN_TRANSACTION_MS}`,
      ...digiflazzEnv(sim),
      KIOS_FULFILMENT_FIRST_CHECK_MS: '150',
      KIOS_FULFILMENT_MAX_CHECK_INTERVAL_MS: '400',
    };
    holder = await e2e.startKios(env);
    // The first replica holds every lease before the second starts.
    await eventually(async () => expect(tookLeases(holder.log)).toContain('order_detail'), 10_000);
    standBy = await e2e.startKios(env);
  }, 90_000);

  afterAll(async () => {
    await sim?.close();
    for (const url of [`?schema=${EVENTS_SCHEMA}`, `?schema=${READ_SCHEMA}`])
      await dropSchemasOf(`${TEST_POSTGRES_URL}${url}`);
    await db.end();
  });

  const eventCount = async () =>
    Number((await db.query(`SELECT count(*) AS n FROM "${EVENTS_SCHEMA}".events`)).rows[0].n);
  const checkpoints = async () =>
    (await db.query(`SELECT name, position FROM "${READ_SCHEMA}".projection_checkpoint ORDER BY name`)).rows;

  it('lets the other replica take over, and the resumed one writes nothing and gives its processors up', async () => {
    const held = tookLeases(holder.log);
    expect(held.length).toBeGreaterThan(0);
    await eventually(async () => expect(standBy.log).toMatch(/standing by: order_detail held by /), 10_000);
    expect(tookLeases(standBy.log)).toEqual([]);

    const requestId = `LEASE-${randomBytes(4).toString('hex')}`;
    expect(await createOrder(holder, requestId, phone('992'))).toBe('PENDING');
    holder.signal('SIGSTOP');
    let eventsBefore: number;
    let checkpointsBefore: unknown[];
    try {
      const frozenAt = Date.now();

      // The stand-by replica takes every lease the frozen one held, settles the order and calls DANA back.
      await eventually(async () => expect(new Set(tookLeases(standBy.log))).toEqual(new Set(held)), 10_000);
      expect(Date.now() - frozenAt).toBeGreaterThanOrEqual(LEASE_TTL_MS / 2);
      // kios-cli processors status names the stand-by replica as the holder of each.
      const status = await runApp('kios-cli', ['processors', 'status', '--json'], standBy.env());
      expect(status.code).toBe(0);
      const holders = JSON.parse(status.stdout) as { name: string; holder: string | null }[];
      const standByHolder = standBy.log.match(/this replica holds leases as (\S+)"/)![1];
      for (const name of held) {
        expect(holders.find((processor) => processor.name === name)?.holder).toBe(standByHolder);
      }
      const shop = new DigiflazzShop(sim, () => standBy.client());
      await shop.settlesAs(requestId, '10');
      await eventually(async () => {
        const callbacks = await e2e.sim.callbacksFor(requestId);
        expect(callbacks.map((callback) => callback.orderStatus?.status)).toContain('SUCCESS');
      }, 10_000);
      await sleep(LEASE_TTL_MS); // the stand-by's projections and dispatcher have recorded what they did
      eventsBefore = await eventCount();
      checkpointsBefore = await checkpoints();
    } finally {
      holder.signal('SIGCONT');
    }
    await eventually(async () => expect(new Set(lostLeases(holder.log))).toEqual(new Set(held)), 20_000);
    await sleep(LEASE_TTL_MS);
    expect(await eventCount()).toBe(eventsBefore);
    expect(await checkpoints()).toEqual(checkpointsBefore);
    const callbacks = await e2e.sim.callbacksFor(requestId);
    expect(new Set(callbacks.map((callback) => callback.orderStatus?.status))).toEqual(new Set(['SUCCESS']));

    // Positive control: an order placed through the resumed replica (it still serves DANA) is seen
    // by both readings, the stand-by replica projecting it.
    expect(await createOrder(holder, `LEASE-${randomBytes(4).toString('hex')}`, phone('345'))).toBe(
      'SUCCESS',
    );
    expect(await eventCount()).toBeGreaterThan(eventsBefore);
    await eventually(async () => expect(await checkpoints()).not.toEqual(checkpointsBefore), 10_000);
    expect(tookLeases(holder.log)).toEqual(held);
  }, 60_000);
});
