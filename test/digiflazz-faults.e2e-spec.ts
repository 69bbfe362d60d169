import type { DanaClient } from '@kios/dana-protocol';
import { supplierReferenceFor } from '@kios/fulfillment';
import { startSupplierSim, type SupplierSim } from '../apps/supplier-sim/src';
import { digiflazzEnv, DigiflazzShop, telco } from './support/digiflazz-shop';
import { KiosData } from './support/kios-data';
import { KiosProcess } from './support/kios-process';

/**
 * Digiflazz misbehaving, end to end: kios is a process with `KIOS_SUPPLIER=digiflazz`, supplier-sim
 * runs in this process and is told to misbehave through its control (`garbage`, see
 * apps/supplier-sim/src/control/modes.ts). An answer kios cannot read is in doubt, never a failure
 * and never a reason to buy under a new ref_id (docs/digiflazz.md §2, §4): the order waits PENDING
 * and the follow-up's status check under the same ref_id settles it.
 */
describe('kios buying from Digiflazz (supplier-sim) when the supplier misbehaves', () => {
  let sim: SupplierSim;
  let kios: KiosProcess;
  let dana: DanaClient;
  let shop: DigiflazzShop;

  beforeAll(async () => {
    sim = await startSupplierSim();
    kios = new KiosProcess({
      env: {
        KIOS_DANA_BASE_URL: 'http://127.0.0.1:9',
        ...digiflazzEnv(sim),
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

  it.each([
    ['carried out behind the garbage', true, '445'],
    ['not carried out', false, '446'],
  ])(
    'a garbage answer to the first call (%s): in doubt (PENDING), then SUCCESS through the status check under the same ref_id, one transaction',
    async (_case, processed, end) => {
      const before = sim.requestLog().length;
      sim.control({ garbage: { count: 1, processed } });
      const { order, createBody } = await shop.buy(telco, end);
      const ref = supplierReferenceFor(createBody.requestId);

      expect(order.orderStatus).toEqual({ code: '20', status: 'PENDING', message: 'Pending' });
      const final = await shop.settlesAs(createBody.requestId, '10');
      expect(final.orderId).toBe(order.orderId);
      expect(final.serialNumber).toBe(sim.transaction(ref)!.data.sn);
      expect(await new KiosData(kios.dataDir).orderEventTypesWithoutCallbacks(createBody.requestId)).toEqual([
        'OrderPlaced',
        'FulfilmentRequested',
        'FulfilmentInDoubt',
        'OrderMarkedPending',
        'OrderSucceeded',
      ]);
      await shop.expectOneRefOneTransaction(createBody.requestId, createBody.destinationInfo);

      // supplier-sim's own log, every transaction call since (one not carried out is logged without
      // its body): the garbage first, then only calls under the order's ref_id, one transaction.
      const since = sim
        .requestLog()
        .slice(before)
        .filter((entry) => entry.path === '/v1/transaction');
      expect(since[0]).toMatchObject({
        http_status: 200,
        misbehaviour: processed ? 'garbage_after_processing' : 'garbage',
        created: processed,
      });
      expect(since[0].rc).toBeUndefined();
      expect(since.length).toBeGreaterThanOrEqual(2);
      const refs = since.flatMap((entry) => (entry.ref_id ? [entry.ref_id] : []));
      expect(new Set(refs)).toEqual(new Set([ref]));
      expect(refs).toHaveLength(processed ? since.length : since.length - 1);
      expect(since.filter((entry) => entry.created)).toHaveLength(1);
      expect(sim.modes.garbage.count).toBe(0);
    },
  );
});
