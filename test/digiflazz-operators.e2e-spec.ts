import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { readCatalogFile } from '@kios/catalog';
import { FixedClock } from '@kios/dana-protocol';
import { openKiosEventStore, SqliteEventStore } from '@kios/event-store';
import { supplierReferenceFor } from '@kios/fulfillment';
import { orderStream } from '@kios/ordering';
import { pendingOrderCommands, writeOrderCommands } from '@kios/testing';
import { startSupplierSim, type SupplierSim } from '../apps/supplier-sim/src';
import { settle, useCallbackE2e } from './support/callback-e2e';
import { digiflazzEnv, DigiflazzShop, telco } from './support/digiflazz-shop';
import { eventually } from './support/eventually';
import { type KiosProcess, tempDataDir } from './support/kios-process';
import { runApp } from './support/run-cli';

/**
 * Operators settle what kios will not decide alone (docs/digiflazz.md §10), end to end: kios is a
 * process with KIOS_SUPPLIER=digiflazz against supplier-sim (in this process), DANA is dana-sim.
 * The clock of a running kios cannot be moved, so two orders whose FulfilmentRequested is 81 days
 * old, still pending, are written into the SQLite event store before kios first starts, through the
 * order decider at that time. Past the 80-day recheck horizon (Digiflazz takes a ref_id older than
 * 90 days for a new sale) kios must not call supplier-sim about them, only flag them.
 */
const DAY_MS = 86_400_000;
const PENDING_DELAY_MS = 700;

const e2e = useCallbackE2e();
// Base 36: a 13-digit run passing Luhn would be masked as a card number in the log lines read below.
const run = `${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`;
/** Settled by the operator as succeeded, then as failed. */
const OLD_SUCCEEDS = `E2E-OPS-OLD-S-${run}`;
const OLD_FAILS = `E2E-OPS-OLD-F-${run}`;

/** The two old orders, pending since 81 days ago, in the event store of `dataDir`. */
async function seedOldOrders(dataDir: string): Promise<void> {
  const products = await readCatalogFile(join(__dirname, '../catalog/sample-catalog.json'));
  const product = products.find((candidate) => candidate.productId === telco.productId)!;
  const requestedAt = new Date(Date.now() - 81 * DAY_MS);
  const clock = new FixedClock(requestedAt);
  const store = await openKiosEventStore(`sqlite:${join(dataDir, 'events.db')}`, clock);
  try {
    for (const [requestId, ending] of [
      [OLD_SUCCEEDS, '345'],
      [OLD_FAILS, '346'],
    ]) {
      await writeOrderCommands(
        store,
        clock,
        requestId,
        pendingOrderCommands({
          requestId,
          orderId: `ORD-${requestId}`,
          product,
          destination: telco.destination(ending),
          now: requestedAt,
        }),
      );
    }
  } finally {
    await store.close();
  }
}

describe('operators and the 90-day guard, kios buying from Digiflazz (supplier-sim)', () => {
  let sim: SupplierSim;
  let kios: KiosProcess;
  let shop: DigiflazzShop;
  let control: string;

  const cli = (args: string[]) => runApp('kios-cli', args, kios.env());
  const orderEvents = async (requestId: string) => {
    const store = SqliteEventStore.open(join(kios.dataDir, 'events.db'));
    try {
      return await store.readStream(orderStream(requestId));
    } finally {
      await store.close();
    }
  };
  const flagged = async () => {
    const listing = await cli(['orders', 'flagged', '--json']);
    expect(listing).toMatchObject({ code: 0, stderr: '' });
    return JSON.parse(listing.stdout) as { requestId: string; status: string; reason: string }[];
  };
  const transactionCalls = async (requestId: string) =>
    (await shop.simLog()).filter(
      (entry) => entry.path === '/v1/transaction' && entry.ref_id === supplierReferenceFor(requestId),
    );
  const callbackReceived = (requestId: string) =>
    eventually(async () => {
      const callbacks = await e2e.sim.callbacksFor(requestId);
      expect(callbacks).toHaveLength(1);
      return callbacks[0];
    }, 15_000);

  beforeAll(async () => {
    sim = await startSupplierSim({ pendingDelayMs: PENDING_DELAY_MS });
    const dataDir = tempDataDir('kios-operators-');
    await seedOldOrders(dataDir);
    kios = await e2e.startKios(digiflazzEnv(sim, { KIOS_FULFILMENT_MAX_CHECK_INTERVAL_MS: '400' }), dataDir);
    shop = new DigiflazzShop(sim, () => kios.client());
  }, 60_000);

  afterAll(async () => {
    await sim?.close();
  });

  it('asks supplier-sim nothing about a reference first sent 81 days ago, flags the order with an OPERATOR ALERT and lists it; an ordinary pending order in the same run gets its status checks', async () => {
    const { order, createBody } = await shop.buy(telco, '992');
    control = createBody.requestId;
    expect(order.orderStatus.code).toBe('20');
    await shop.settlesAs(control, '10');
    // The positive control: the follow-up asked supplier-sim again under the control's reference.
    expect((await transactionCalls(control)).length).toBeGreaterThanOrEqual(2);

    for (const requestId of [OLD_SUCCEEDS, OLD_FAILS]) {
      await eventually(async () => {
        expect(kios.log).toContain(`OPERATOR ALERT: order ${requestId} (orderId ORD-${requestId})`);
        expect((await orderEvents(requestId)).map((event) => event.type)).toContain(
          'FulfilmentFlaggedForOperator',
        );
      }, 15_000);
      expect(await transactionCalls(requestId)).toEqual([]);
    }
    expect(kios.log).toMatch(
      /OPERATOR ALERT: .*80\.0-day recheck horizon \(KIOS_DIGIFLAZZ_RECHECK_HORIZON\)/,
    );

    const listed = await eventually(async () => {
      const orders = await flagged();
      expect(orders.map((entry) => entry.requestId).sort()).toEqual([OLD_FAILS, OLD_SUCCEEDS].sort());
      return orders;
    }, 10_000);
    for (const entry of listed) {
      expect(entry).toMatchObject({
        status: 'pending',
        reason: expect.stringContaining(
          `supplier reference ${supplierReferenceFor(entry.requestId)} was first sent`,
        ),
      });
      expect(entry.reason).toContain('past the 80.0-day recheck horizon (KIOS_DIGIFLAZZ_RECHECK_HORIZON)');
    }
  }, 60_000);

  it('an operator settles a flagged order as succeeded: SUCCESS with their serial number, one signed callback, the event names them', async () => {
    const settling = await cli([
      'orders',
      'settle',
      OLD_SUCCEEDS,
      '--succeeded',
      '--serial',
      'SN-OPS-0412999988887777',
      '--evidence',
      'Digiflazz mutasi: Sukses, SN 0412999988887777',
      '--operator',
      'siti',
    ]);
    expect(settling).toMatchObject({ code: 0, stderr: '' });
    expect(settling.stdout).toContain(
      `order ${OLD_SUCCEEDS} settled SUCCESS (serial number SN-OPS-0412999988887777) by kios-cli (siti)`,
    );

    const detail = await shop.settlesAs(OLD_SUCCEEDS, '10');
    expect(detail.serialNumber).toBe('SN-OPS-0412999988887777');
    const callback = await callbackReceived(OLD_SUCCEEDS);
    expect(callback).toMatchObject({ signatureValid: true, problems: [], answer: 'S' });
    expect(callback.orderStatus).toMatchObject({ code: '10', status: 'SUCCESS' });
    expect(callback.orders!.serialNumber).toBe('SN-OPS-0412999988887777');
    await settle();
    expect(await e2e.sim.callbacksFor(OLD_SUCCEEDS)).toHaveLength(1);

    const settled = (await orderEvents(OLD_SUCCEEDS)).find(
      (event) => event.type === 'FulfilmentSettledByOperator',
    );
    expect(settled?.data).toMatchObject({
      settledBy: 'kios-cli (siti)',
      decision: 'succeeded',
      evidence: 'Digiflazz mutasi: Sukses, SN 0412999988887777',
    });
    await eventually(async () => {
      expect((await flagged()).map((entry) => entry.requestId)).toEqual([OLD_FAILS]);
    }, 10_000);
    expect(await transactionCalls(OLD_SUCCEEDS)).toEqual([]);
  }, 60_000);

  it('an operator settles a flagged order as failed: FAILED with their reason, one signed callback, named after the OS user', async () => {
    const settling = await cli([
      'orders',
      'settle',
      OLD_FAILS,
      '--failed',
      '--reason',
      'no such transaction at Digiflazz',
      '--evidence',
      'Digiflazz support ticket #4411',
    ]);
    expect(settling).toMatchObject({ code: 0, stderr: '' });

    const detail = await shop.settlesAs(OLD_FAILS, '30');
    expect(detail.orderStatus.status).toBe('FAILED');
    const callback = await callbackReceived(OLD_FAILS);
    expect(callback).toMatchObject({ signatureValid: true, problems: [], answer: 'S' });
    expect(callback.orderStatus).toMatchObject({ code: '30', status: 'FAILED' });

    // dana-sim holds the callback before kios has stored its delivery.
    await eventually(async () => {
      const types = (await orderEvents(OLD_FAILS)).map((event) => event.type);
      expect(types.slice(types.indexOf('FulfilmentSettledByOperator'))).toEqual([
        'FulfilmentSettledByOperator',
        'OrderFailed',
        'CallbackDelivered',
      ]);
    }, 10_000);
    const settled = (await orderEvents(OLD_FAILS)).find(
      (event) => event.type === 'FulfilmentSettledByOperator',
    );
    expect(settled?.data).toMatchObject({
      decision: 'failed',
      settledBy: expect.stringMatching(/^kios-cli \(.+\)$/),
    });
    await eventually(async () => expect(await flagged()).toEqual([]), 10_000);
  }, 60_000);

  it('refuses to settle a final order with a message and exit code 1, writing nothing', async () => {
    for (const requestId of [control, OLD_SUCCEEDS]) {
      const before = await orderEvents(requestId);
      const refused = await cli([
        'orders',
        'settle',
        requestId,
        '--failed',
        '--reason',
        'second thoughts',
        '--evidence',
        'none',
      ]);
      expect(refused).toEqual({
        code: 1,
        stdout: '',
        stderr:
          `kios-cli: order ${requestId} is already succeeded: there is nothing to settle ` +
          `(kios-cli history ${requestId} shows how it ended)\n`,
      });
      expect(await orderEvents(requestId)).toHaveLength(before.length);
    }
  }, 30_000);
});
