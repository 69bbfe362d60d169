import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DanaClient } from '@kios/dana-protocol';
import { supplierReferenceFor } from '@kios/fulfillment';
import { startSupplierSim, type SupplierSim } from '../apps/supplier-sim/src';
import { DigiflazzShop, telco, type Destination } from './support/digiflazz-shop';
import { eventually } from './support/eventually';
import { KiosData } from './support/kios-data';
import { freePort, KiosProcess } from './support/kios-process';

/**
 * kios buying from IAK, played by supplier-sim's IAK side: kios is a real process with
 * `KIOS_SUPPLIER=iak` on the sample catalog with its offers moved to IAK (same skus, IAK's
 * product_codes in supplier-sim), and supplier-sim sends IAK's signed callbacks to kios's
 * `POST /suppliers/iak/callback`. After each order, supplier-sim's request log shows one ref_id —
 * the order's own reference — and one transaction.
 */
const PENDING_DELAY_MS = 700;
const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

describe('kios buying from IAK (supplier-sim) over HTTP', () => {
  let sim: SupplierSim;
  let kios: KiosProcess;
  let dana: DanaClient;
  let shop: DigiflazzShop;

  beforeAll(async () => {
    const port = await freePort();
    sim = await startSupplierSim({
      pendingDelayMs: PENDING_DELAY_MS,
      iakCallbackUrl: `http://127.0.0.1:${port}/suppliers/iak/callback`,
    });
    kios = new KiosProcess({
      env: {
        KIOS_DANA_BASE_URL: 'http://127.0.0.1:9',
        KIOS_SUPPLIER: 'iak',
        KIOS_IAK_URL: sim.iakUrl,
        KIOS_IAK_USERNAME: sim.username,
        KIOS_IAK_API_KEY: sim.key,
        KIOS_IAK_TIMEOUT_MS: '800',
        KIOS_SUPPLIER_BUDGET_MS: '1500',
        // Slow status checks, so a pending order that settles at once was settled by IAK's callback.
        KIOS_FULFILMENT_FIRST_CHECK_MS: '60000',
        KIOS_CATALOG_FILE: iakCatalog(),
      },
    });
    kios.port = port;
    await kios.start();
    dana = kios.client();
    shop = new DigiflazzShop(sim, () => dana);
  }, 60_000);

  afterAll(async () => {
    await kios?.kill();
    await sim?.close();
  });

  /** The sample catalog with every Digiflazz offer made an IAK one. */
  function iakCatalog(): string {
    const sample = readFileSync(join(__dirname, '../catalog/sample-catalog.json'), 'utf8');
    const file = join(mkdtempSync(join(tmpdir(), 'kios-iak-e2e-')), 'iak-catalog.json');
    writeFileSync(file, sample.replace(/"supplier": "digiflazz"/g, '"supplier": "iak"'));
    return file;
  }

  /** Every IAK call kios made for this destination went under the order's reference; one made a transaction. */
  function expectOneRefOneTransaction(requestId: string, destination: Destination) {
    const ref = supplierReferenceFor(requestId);
    const calls = sim
      .requestLog()
      .filter((entry) => entry.supplier === 'iak')
      .filter((entry) => entry.ref_id === ref || entry.customer_no === destination.primaryParam);
    expect(new Set(calls.map((entry) => entry.ref_id))).toEqual(new Set([ref]));
    expect(calls.filter((entry) => entry.created)).toHaveLength(1);
    return calls;
  }

  it("a Telco product succeeds at once with IAK's serial number", async () => {
    const { order, createBody } = await shop.buy(telco, '345');
    expect(order.orderStatus).toEqual({ code: '10', status: 'SUCCESS', message: 'Success' });
    const transaction = sim.transaction(supplierReferenceFor(createBody.requestId))!;
    expect(order.serialNumber).toBe(transaction.data.sn);
    // What IAK charged (its answer's price) is the recorded cost in minor units.
    expect(await new KiosData(kios.dataDir).succeededCost(createBody.requestId)).toBe(
      String(BigInt(transaction.data.price) * 100n),
    );
    expect(expectOneRefOneTransaction(createBody.requestId, createBody.destinationInfo)).toEqual([
      expect.objectContaining({ path: '/api/top-up', created: true }),
    ]);
  });

  it('…991: IAK fails the top-up (rc 07) and the order fails at once', async () => {
    const { order, createBody } = await shop.buy(telco, '991');
    expect(order.orderStatus).toMatchObject({ code: '30', status: 'FAILED' });
    expectOneRefOneTransaction(createBody.requestId, createBody.destinationInfo);
  });

  it("…992: PENDING, then SUCCESS as soon as IAK's signed callback arrives, one transaction", async () => {
    const { order, createBody } = await shop.buy(telco, '992');
    expect(order.orderStatus.code).toBe('20');
    const final = await shop.settlesAs(createBody.requestId, '10');
    const transaction = sim.transaction(supplierReferenceFor(createBody.requestId))!;
    expect(final.serialNumber).toBe(transaction.data.sn);
    // The callback's price (text) is what IAK charged: the cost recorded with the success.
    expect(await new KiosData(kios.dataDir).succeededCost(createBody.requestId)).toBe(
      String(BigInt(transaction.data.price) * 100n),
    );
    await sim.webhooksSettled();
    expect(
      sim
        .iakCallbackDeliveries()
        .filter((hook) => hook.ref_id === supplierReferenceFor(createBody.requestId)),
    ).toEqual([expect.objectContaining({ http_status: 200 })]);
    expectOneRefOneTransaction(createBody.requestId, createBody.destinationInfo);
  });

  describe('POST /suppliers/iak/callback', () => {
    const post = (body: unknown) =>
      fetch(`http://127.0.0.1:${kios.port}/suppliers/iak/callback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    it('answers a badly signed callback 401 and records nothing; a duplicate is one event', async () => {
      // A forged failure for an order that succeeded would be recorded as a reversal, were it believed.
      const bought = await shop.buy(telco, '346');
      expect(bought.order.orderStatus.code).toBe('10');
      const store = new KiosData(kios.dataDir);
      const boughtRef = supplierReferenceFor(bought.createBody.requestId);
      const before = await store.orderEventTypesWithoutCallbacks(bought.createBody.requestId);
      const forged = await post({
        data: {
          ref_id: boughtRef,
          status: '2',
          rc: '07',
          message: 'FAILED',
          sign: md5(`${sim.username}not-the-key${boughtRef}`),
        },
      });
      expect(forged.status).toBe(401);
      expect(await store.orderEventTypesWithoutCallbacks(bought.createBody.requestId)).toEqual(before);

      const { order, createBody } = await shop.buy(telco, '993');
      expect(order.orderStatus.code).toBe('20');
      const ref = supplierReferenceFor(createBody.requestId);
      // …993 settles FAILED at IAK, whose signed callback finishes the order; the same news posted twice
      // more (re-encoded: other fields, another order) is still that one callback event.
      const failed = await shop.settlesAs(createBody.requestId, '30');
      expect(failed.orderStatus.status).toBe('FAILED');
      const settled = sim.transaction(ref)!;
      const signed = {
        data: {
          ref_id: ref,
          status: '2',
          rc: settled.data.rc,
          message: settled.data.message,
          sign: md5(`${sim.username}${sim.key}${ref}`),
        },
      };
      const first = (await (await post(signed)).json()) as { result: string; deliveryId: string };
      const again = await post(signed);
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual({ result: 'duplicate', deliveryId: first.deliveryId });
      await eventually(async () =>
        expect(await store.streamEvents(`iak-callback-${first.deliveryId}`)).toHaveLength(1),
      );
      const types = await store.orderEventTypesWithoutCallbacks(createBody.requestId);
      expect(types.filter((type) => type === 'OrderFailed')).toHaveLength(1);
    });
  });
});
