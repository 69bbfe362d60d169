import { randomUUID } from 'node:crypto';
import type { DanaClient } from '@kios/dana-protocol';
import { supplierReferenceFor } from '@kios/fulfillment';
import { startSupplierSim, type SupplierSim } from '../apps/supplier-sim/src';
import { createOrder, phone, settle, useCallbackE2e } from './support/callback-e2e';
import { digiflazzEnv, DigiflazzShop, games, telco } from './support/digiflazz-shop';
import { eventually } from './support/eventually';
import { KiosData } from './support/kios-data';
import { KiosProcess } from './support/kios-process';

/**
 * kios buying from Digiflazz, played by supplier-sim: kios is a real process configured with
 * `KIOS_SUPPLIER=digiflazz`, supplier-sim runs in this process on a free port and goes by kios's
 * suffix table (testing off): …991 fails, …992 is pending then succeeds, …994 answers only after
 * SLOW_ANSWER_MS, past kios's Digiflazz timeout. After each order, supplier-sim's request log
 * (`GET /_control/log`) shows that kios used one ref_id for it — its own reference — and made one
 * transaction.
 */
const PENDING_DELAY_MS = 700;
const SLOW_ANSWER_MS = 2500;
const DIGIFLAZZ_TIMEOUT_MS = 800;
const SUPPLIER_BUDGET_MS = 1500;

describe('kios buying from Digiflazz (supplier-sim) over HTTP', () => {
  let sim: SupplierSim;
  let kios: KiosProcess;
  let dana: DanaClient;
  let shop: DigiflazzShop;

  beforeAll(async () => {
    sim = await startSupplierSim({ pendingDelayMs: PENDING_DELAY_MS, slowAnswerMs: SLOW_ANSWER_MS });
    kios = new KiosProcess({
      env: {
        KIOS_DANA_BASE_URL: 'http://127.0.0.1:9',
        ...digiflazzEnv(sim, { KIOS_DIGIFLAZZ_TIMEOUT_MS: String(DIGIFLAZZ_TIMEOUT_MS) }),
        KIOS_SUPPLIER_BUDGET_MS: String(SUPPLIER_BUDGET_MS),
        KIOS_FULFILMENT_FIRST_CHECK_MS: '150',
        KIOS_FULFILMENT_MAX_CHECK_INTERVAL_MS: '400',
      },
    });
    await kios.start();
    dana = kios.client();
    shop = new DigiflazzShop(sim, () => dana);
  }, 30_000);

  afterAll(async () => {
    await kios?.kill();
    await sim?.close();
  });

  it("a Telco product succeeds at once with supplier-sim's serial number", async () => {
    const { order, createBody } = await shop.buy(telco, '345');
    expect(order.orderStatus).toEqual({ code: '10', status: 'SUCCESS', message: 'Success' });
    const transaction = sim.transaction(supplierReferenceFor(createBody.requestId))!;
    expect(transaction.data.sn).toMatch(/\S/);
    expect(order.serialNumber).toBe(transaction.data.sn);
    // What supplier-sim charged (its answer's price, whole rupiah) is the recorded cost in minor units.
    expect(await new KiosData(kios.dataDir).succeededCost(createBody.requestId)).toBe(
      String(BigInt(transaction.data.price) * 100n),
    );
    expect(await shop.orderDetail(createBody.requestId)).toEqual(order);
    const calls = await shop.expectOneRefOneTransaction(createBody.requestId, createBody.destinationInfo);
    expect(calls).toHaveLength(1);
  });

  it('…991: the supplier rejects the purchase and the order fails at once', async () => {
    const { order, createBody } = await shop.buy(telco, '991');
    expect(order.orderStatus).toMatchObject({ code: '30', status: 'FAILED' });
    await shop.expectOneRefOneTransaction(createBody.requestId, createBody.destinationInfo);
  });

  it('…992: PENDING, then SUCCESS through status checks under the same ref_id', async () => {
    const { order, createBody } = await shop.buy(telco, '992');
    expect(order.orderStatus).toEqual({ code: '20', status: 'PENDING', message: 'Pending' });
    const final = await shop.settlesAs(createBody.requestId, '10');
    expect(final.orderId).toBe(order.orderId);
    const transaction = sim.transaction(supplierReferenceFor(createBody.requestId))!;
    expect(final.serialNumber).toBe(transaction.data.sn);
    // The follow-up's status check answered with the price: the cost recorded.
    expect(await new KiosData(kios.dataDir).succeededCost(createBody.requestId)).toBe(
      String(BigInt(transaction.data.price) * 100n),
    );
    const calls = await shop.expectOneRefOneTransaction(createBody.requestId, createBody.destinationInfo);
    expect(calls.length).toBeGreaterThanOrEqual(2); // the topup, then the same topup as its status check
  });

  it('…994: no answer within the timeout is in doubt (PENDING), then SUCCESS with one transaction', async () => {
    const { order, createBody, answeredInMs } = await shop.buy(telco, '994');
    expect(order.orderStatus.code).toBe('20');
    expect(answeredInMs).toBeLessThan(SLOW_ANSWER_MS);
    const final = await shop.settlesAs(createBody.requestId, '10');
    expect(final.serialNumber).toBe(sim.transaction(supplierReferenceFor(createBody.requestId))!.data.sn);
    await shop.expectOneRefOneTransaction(createBody.requestId, createBody.destinationInfo);
    expect(await new KiosData(kios.dataDir).orderEventTypesWithoutCallbacks(createBody.requestId)).toEqual([
      'OrderPlaced',
      'FulfilmentRequested',
      'FulfilmentInDoubt',
      'OrderMarkedPending',
      'OrderSucceeded',
    ]);
  });

  it('a Games product succeeds', async () => {
    const { order, createBody } = await shop.buy(games, '345');
    expect(order.orderStatus).toMatchObject({ code: '10', status: 'SUCCESS' });
    expect(order.serialNumber).toMatch(/\S/);
    await shop.expectOneRefOneTransaction(createBody.requestId, createBody.destinationInfo);
  });

  it.each([
    ['carried out behind the 5xx', true],
    ['not carried out', false],
  ])(
    'a 5xx for the first call (%s): in doubt, then SUCCESS with one transaction under the same ref_id',
    async (_case, processed) => {
      const before = (await shop.simLog()).length;
      sim.control({ http5xx: { count: 1, status: 503, processed } });
      const { order, createBody } = await shop.buy(telco, processed ? '346' : '347');
      expect(order.orderStatus.code).toBe('20');
      await shop.settlesAs(createBody.requestId, '10');
      await shop.expectOneRefOneTransaction(createBody.requestId, createBody.destinationInfo);
      // A call not carried out is logged without its body: every transaction call since, read whole.
      const since = (await shop.simLog()).slice(before).filter((entry) => entry.path === '/v1/transaction');
      expect(since[0]).toMatchObject({
        http_status: 503,
        misbehaviour: processed ? 'http_503_after_processing' : 'http_503',
      });
      const refs = since.flatMap((entry) => (entry.ref_id ? [entry.ref_id] : []));
      expect(new Set(refs)).toEqual(new Set([supplierReferenceFor(createBody.requestId)]));
      expect(since.filter((entry) => entry.created)).toHaveLength(1);
    },
  );

  it('…994 with kios killed after answering PENDING: after the restart its status check (the same topup, same ref_id) finds the one transaction', async () => {
    const otherNumber = { ...telco, destination: (end: string) => ({ primaryParam: `081298765${end}` }) };
    const { order, createBody } = await shop.buy(otherNumber, '994');
    expect(order.orderStatus.code).toBe('20');
    await kios.kill('SIGKILL');
    await kios.start();
    dana = kios.client();
    const final = await shop.settlesAs(createBody.requestId, '10');
    expect(final.serialNumber).toBe(sim.transaction(supplierReferenceFor(createBody.requestId))!.data.sn);
    await shop.expectOneRefOneTransaction(createBody.requestId, createBody.destinationInfo);
  }, 40_000);
});

describe('kios buying from Digiflazz (supplier-sim): the Order Complete Callback', () => {
  const e2e = useCallbackE2e();
  let sim: SupplierSim;
  let kios: KiosProcess;

  beforeAll(async () => {
    sim = await startSupplierSim({ pendingDelayMs: PENDING_DELAY_MS });
    kios = await e2e.startKios(digiflazzEnv(sim));
  }, 60_000);

  afterAll(async () => {
    await sim?.close();
  });

  it('…992: DANA is told SUCCESS by one signed callback carrying the serial number supplier-sim gave', async () => {
    const requestId = `E2E-DF-CB-${randomUUID()}`;
    expect(await createOrder(kios, requestId, phone('992'))).toBe('PENDING');
    const received = await eventually(async () => {
      const callbacks = await e2e.sim.callbacksFor(requestId);
      expect(callbacks).toHaveLength(1);
      return callbacks;
    }, 15_000);
    expect(received[0]).toMatchObject({ signatureValid: true, problems: [], answer: 'S' });
    expect(received[0].orderStatus).toMatchObject({ code: '10', status: 'SUCCESS' });
    expect(received[0].orders!.serialNumber).toBe(sim.transaction(supplierReferenceFor(requestId))!.data.sn);
    await settle();
    expect(await e2e.sim.callbacksFor(requestId)).toHaveLength(1);
    const calls = sim.requestLog().filter((entry) => entry.path === '/v1/transaction');
    expect(new Set(calls.map((entry) => entry.ref_id))).toEqual(new Set([supplierReferenceFor(requestId)]));
    expect(calls.filter((entry) => entry.created)).toHaveLength(1);
  }, 30_000);
});
