import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { DanaClient } from '@kios/dana-protocol';
import { supplierReferenceFor } from '@kios/fulfillment';
import { TEST_POSTGRES_URL } from '@kios/testing';
import { startSupplierSim, type SupplierSim } from '../apps/supplier-sim/src';
import type { ReceivedCallback } from '../apps/dana-sim/src/callbacks/callback-receiver';
import { useCallbackE2e } from './support/callback-e2e';
import { digiflazzEnv, DigiflazzShop } from './support/digiflazz-shop';
import { eventually } from './support/eventually';
import { type KiosProcess, tempDataDir } from './support/kios-process';
import {
  dropSchemasOf,
  postgresReadModel,
  type ReadModelUnderTest,
  readModelRows,
  referenceRows,
  sqliteReadModel,
  stopCaughtUp,
} from './support/read-model-check';
import { runApp } from './support/run-cli';
import { SCENARIOS, spreadOrders, type SpreadOrder } from '../bench/support/mixed-orders';

/**
 * Three kios replicas on one set of stores (docs/architecture.md §1, README 'Running several
 * replicas'), buying from one supplier-sim they share, with dana-sim as DANA receiving the Order
 * Complete Callbacks. A client spreads ORDERS mixed-scenario Create Orders over the three at once;
 * replica 0 is killed with SIGKILL twice during the run and restarted on its port. Afterwards every
 * order is final as its number says (read from any replica), bought once under its own ref_id, every
 * order answered PENDING was called back, never with two statuses (identical repeats, DANA's
 * at-least-once, are counted and printed), and the read model equals a rebuild from scratch.
 */
const ORDERS = 150;
const CONCURRENCY = 12;
const REPLICAS = 3;
/** Replica 0 is killed once this many orders were answered, and once at twice as many. */
const KILL_EVERY = ORDERS / 3;
const PENDING_DELAY_MS = 1000;
const SLOW_ANSWER_MS = 1500;
const LEASE_TTL_MS = 2000;

interface SharedStores {
  name: string;
  readModel: ReadModelUnderTest;
  /** The event store and read model URLs every replica is given. */
  open(): { KIOS_EVENT_STORE: string; KIOS_READ_MODEL: string };
  dispose(env: { KIOS_EVENT_STORE: string; KIOS_READ_MODEL: string }): Promise<void>;
}

const postgres: SharedStores = {
  name: 'one PostgreSQL (events and read model)',
  readModel: postgresReadModel,
  open: () => ({
    KIOS_EVENT_STORE: `${TEST_POSTGRES_URL}?schema=kios_e2e_events_${randomBytes(5).toString('hex')}`,
    KIOS_READ_MODEL: postgresReadModel.url(''),
  }),
  async dispose(env) {
    await dropSchemasOf(env.KIOS_EVENT_STORE);
    await dropSchemasOf(env.KIOS_READ_MODEL);
  },
};

const sqliteFiles: SharedStores = {
  name: 'SQLite files shared by the three processes',
  readModel: sqliteReadModel,
  open: () => {
    const shared = tempDataDir('kios-replicas-shared-');
    return {
      KIOS_EVENT_STORE: `sqlite:${join(shared, 'events.db')}`,
      KIOS_READ_MODEL: sqliteReadModel.url(shared),
    };
  },
  dispose: async () => undefined,
};

describe.each([postgres, sqliteFiles])('three kios replicas on $name', (stores) => {
  const e2e = useCallbackE2e();
  const storeEnv = stores.open();
  let sim: SupplierSim;
  const replicas: KiosProcess[] = [];
  let clients: DanaClient[] = [];

  beforeAll(async () => {
    sim = await startSupplierSim({ pendingDelayMs: PENDING_DELAY_MS, slowAnswerMs: SLOW_ANSWER_MS });
    const env = {
      ...storeEnv,
      ...digiflazzEnv(sim, { KIOS_DIGIFLAZZ_TIMEOUT_MS: '800' }),
      KIOS_SUPPLIER_BUDGET_MS: '1000',
      KIOS_FULFILMENT_FIRST_CHECK_MS: '150',
      KIOS_FULFILMENT_MAX_CHECK_INTERVAL_MS: '400',
      // Replica 0, started first, holds every processor's lease; killed, another takes each over after this.
      KIOS_LEASE_TTL_MS: String(LEASE_TTL_MS),
    };
    // The first alone, since it creates the stores' tables; the others together.
    replicas.push(await e2e.startKios(env));
    replicas.push(...(await Promise.all(Array.from({ length: REPLICAS - 1 }, () => e2e.startKios(env)))));
    clients = replicas.map((replica) => replica.client());
  }, 90_000);

  afterAll(async () => {
    await sim?.close();
    await stores.dispose(storeEnv);
  });

  it(`brings ${ORDERS} orders spread over the replicas to their final state, each bought once and called back with one status, while one replica is killed twice`, async () => {
    const run = spreadOrders(() => clients, ORDERS, CONCURRENCY);
    for (const kill of [1, 2]) {
      await eventually(
        async () => expect(run.answered).toBeGreaterThanOrEqual(KILL_EVERY * kill),
        40_000,
        20,
      );
      await replicas[0].kill('SIGKILL');
      await replicas[0].restart();
      clients[0] = replicas[0].client();
    }
    const orders = await run.done;

    // Every replica answered some, the kills left requests unanswered, and every scenario ran.
    expect(new Set(orders.map((order) => order.answeredBy))).toEqual(new Set([0, 1, 2]));
    expect(orders.filter((order) => order.unanswered > 0).length).toBeGreaterThan(0);
    expect(new Set(orders.map((order) => order.body.destinationInfo.primaryParam.slice(-3)))).toEqual(
      new Set(SCENARIOS.map((scenario) => scenario.end)),
    );

    await expectEveryOrderFinal(orders);
    await expectBoughtOnceEach(orders);
    const duplicates = await expectCalledBackWithOneStatus(orders);
    console.log(
      `${stores.name}: ${orders.length} orders, ${orders.filter((order) => order.answer!.orderStatus.status === 'PENDING').length} answered PENDING; ` +
        `${duplicates.orders} orders called back more than once (${duplicates.extra} identical repeats)`,
    );

    await expectLeasesTakenOver();

    // The replicas stay stopped: nothing after this test needs them.
    await stopCaughtUp(...replicas);
    const rows = await readModelRows(storeEnv.KIOS_READ_MODEL);
    expect(rows.order_detail).toHaveLength(ORDERS);
    expect(rows).toEqual(await referenceRows(storeEnv.KIOS_EVENT_STORE, stores.readModel));
  }, 120_000);

  /**
   * kios-cli processors status: every processor's lease is held by a replica now running, under a
   * fencing token above the first (replica 0 held them all, and was killed).
   */
  async function expectLeasesTakenOver() {
    const status = await runApp('kios-cli', ['processors', 'status', '--json'], replicas[1].env());
    expect(status.code).toBe(0);
    const leases = (
      JSON.parse(status.stdout) as { name: string; holder: string | null; token: number | null }[]
    ).filter((processor) => processor.token !== null);
    expect(leases.map((lease) => lease.name)).toEqual(
      expect.arrayContaining(['order_detail', 'callback_outbox']),
    );
    const running = replicas.map((replica) => replica.log.match(/this replica holds leases as (\S+)"/)![1]);
    for (const lease of leases) {
      expect(running).toContain(lease.holder);
      expect(lease.token).toBeGreaterThanOrEqual(2);
    }
  }

  /** Get Order Detail, each order asked of a replica in turn, CONCURRENCY at a time, answers the order's final status. */
  async function expectEveryOrderFinal(orders: SpreadOrder[]) {
    const shops = replicas.map((_, i) => new DigiflazzShop(sim, () => clients[i]));
    let next = 0;
    const askInTurn = async () => {
      for (let i = next++; i < orders.length; i = next++) {
        const order = orders[i];
        const detail = await eventually(async () => {
          const found = await shops[i % REPLICAS].orderDetail(order.body.requestId);
          expect(found.orderStatus.status).toBe(order.final);
          return found;
        }, 20_000);
        expect(detail.orderId).toBe(order.answer!.orderId);
        if (order.answer!.orderStatus.status !== 'PENDING')
          expect(detail.orderStatus).toEqual(order.answer!.orderStatus);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, askInTurn));
  }

  /** supplier-sim's own log: every transaction call of an order under its ref_id, one transaction each. */
  async function expectBoughtOnceEach(orders: SpreadOrder[]) {
    const calls = (await new DigiflazzShop(sim, () => clients[0]).simLog()).filter(
      (entry) => entry.path === '/v1/transaction',
    );
    for (const order of orders) {
      const ofOrder = calls.filter((entry) => entry.customer_no === order.body.destinationInfo.primaryParam);
      expect(new Set(ofOrder.map((entry) => entry.ref_id))).toEqual(
        new Set([supplierReferenceFor(order.body.requestId)]),
      );
      expect(ofOrder.filter((entry) => entry.created)).toHaveLength(1);
    }
    expect(sim.transactions()).toHaveLength(orders.length);
  }

  /**
   * dana-sim's received callbacks: one at least for every order answered PENDING, none with a status
   * other than the order's final one, repeats identical. Returns how many orders had repeats.
   */
  async function expectCalledBackWithOneStatus(orders: SpreadOrder[]) {
    const pending = orders.filter((order) => order.answer!.orderStatus.status === 'PENDING');
    expect(pending.length).toBeGreaterThan(0);
    const received = await eventually(
      async () => {
        const all = (await (await fetch(`${e2e.sim.baseUrl}/sim/callbacks`)).json()) as ReceivedCallback[];
        const calledBack = new Set(all.map((callback) => callback.requestId));
        expect(pending.filter((order) => !calledBack.has(order.body.requestId))).toEqual([]);
        return all;
      },
      30_000,
      250,
    );
    const duplicates = { orders: 0, extra: 0 };
    for (const order of orders) {
      const callbacks = received.filter((callback) => callback.requestId === order.body.requestId);
      if (callbacks.length === 0) continue;
      expect(callbacks.every((callback) => callback.signatureValid && callback.problems.length === 0)).toBe(
        true,
      );
      expect(new Set(callbacks.map((callback) => callback.orderStatus?.status))).toEqual(
        new Set([order.final]),
      );
      expect(new Set(callbacks.map((callback) => JSON.stringify(callback.orders))).size).toBe(1);
      if (callbacks.length > 1) {
        duplicates.orders += 1;
        duplicates.extra += callbacks.length - 1;
      }
    }
    return duplicates;
  }
});
