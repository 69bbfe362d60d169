import type { Product } from '@kios/catalog';
import { idr, type Money } from '@kios/dana-protocol';
import { DigiflazzSupplier, parseDigiflazzWebhook, verifyDigiflazzWebhook } from '@kios/fulfillment';
import { plnToken } from '@kios/testing';
import { DEFAULT_SEED, startSupplierSim } from '../../../../apps/supplier-sim/src';
import { supplierContract } from '../supplier.contract';
import { xlCredit } from './digiflazz.fixture';
import { RecordingServer } from './recording-server';

const PENDING_DELAY_MS = 1000;
/** supplier-sim holds a `…994` purchase's answer this long; the adapter gives up sooner. */
const SLOW_ANSWER_MS = 3000;
const ADAPTER_TIMEOUT_MS = 500;

/** The catalog's link to Digiflazz's skus, as supplier-sim's seed records it (`kios_product_id`). */
const SKU_BY_PRODUCT = new Map(
  [...DEFAULT_SEED.prepaid, ...DEFAULT_SEED.pasca].flatMap((entry) =>
    entry.kios_product_id ? [[entry.kios_product_id, entry.buyer_sku_code] as const] : [],
  ),
);

/** What supplier-sim charges for a product: its seed's prepaid `price` (whole rupiah) in minor units. */
function seedCostOf(product: Product): Money {
  const entry = DEFAULT_SEED.prepaid.find((candidate) => candidate.kios_product_id === product.productId);
  if (entry === undefined) throw new Error(`supplier-sim's seed does not sell ${product.productId}`);
  return idr(BigInt(entry.price) * 100n);
}

/**
 * The adapter against supplier-sim in this process, over HTTP on a free port. `testing` plays
 * Digiflazz's sandbox numbers (087800001230 succeeds, …32 fails, …33 and …34 pending then succeed or
 * fail); without it supplier-sim goes by kios's suffix table. A `…994` purchase answers only after
 * SLOW_ANSWER_MS, past the adapter's timeout: in doubt, and found succeeded afterwards.
 */
function digiflazzUnderContract(
  product: Product,
  testing: boolean,
  numbers: {
    succeeds: string;
    fails: string;
    pendingThenSucceeds: string;
    pendingThenFails: string;
    slow: string;
  },
) {
  return async () => {
    const sim = await startSupplierSim({ pendingDelayMs: PENDING_DELAY_MS, slowAnswerMs: SLOW_ANSWER_MS });
    const supplier = new DigiflazzSupplier({
      baseUrl: sim.url,
      username: sim.username,
      key: sim.key,
      testing,
      timeoutMs: ADAPTER_TIMEOUT_MS,
      skuFor: (wanted) => SKU_BY_PRODUCT.get(wanted.productId),
      statusCheckMinIntervalMs: 0,
    });
    const at = (primaryParam: string) => ({ product, destination: { primaryParam } });
    return {
      supplier,
      scenarios: {
        succeedsAtOnce: at(numbers.succeeds),
        failsAtOnce: at(numbers.fails),
        pendingThenSucceeds: at(numbers.pendingThenSucceeds),
        pendingThenFails: at(numbers.pendingThenFails),
        inDoubt: {
          ...at(numbers.slow),
          deadlineMs: 2 * ADAPTER_TIMEOUT_MS,
          thenStatus: 'succeeded' as const,
        },
      },
      purchasesFor: (supplierRef: string) => (sim.transaction(supplierRef) ? 1 : 0),
      statusCheckMayBuy: true,
      close: () => sim.close(),
    };
  };
}

supplierContract(
  'Digiflazz against supplier-sim, telco in testing mode (sandbox numbers)',
  digiflazzUnderContract(xlCredit, true, {
    succeeds: '087800001230',
    fails: '087800001232',
    pendingThenSucceeds: '087800001233',
    pendingThenFails: '087800001234',
    slow: '087800001994',
  }),
);

supplierContract(
  'Digiflazz against supplier-sim, prepaid electricity (suffix table)',
  digiflazzUnderContract(plnToken, false, {
    succeeds: '14234567123',
    fails: '14234567991',
    pendingThenSucceeds: '14234567992',
    pendingThenFails: '14234567993',
    slow: '14234567994',
  }),
);

describe('Digiflazz against supplier-sim, beyond the contract', () => {
  it('a PLN token bought carries the 20-digit token parsed out of the sn', async () => {
    const sim = await startSupplierSim();
    try {
      const supplier = new DigiflazzSupplier({
        baseUrl: sim.url,
        username: sim.username,
        key: sim.key,
        skuFor: (wanted) => SKU_BY_PRODUCT.get(wanted.productId),
      });
      const outcome = await supplier.purchase({
        product: plnToken,
        destination: { primaryParam: '14234567123' },
        supplierRef: 'KIOS-000000000000000000000001',
      });
      expect(outcome).toEqual({
        status: 'succeeded',
        serialNumber: expect.stringMatching(/^(\d{4}-){4}\d{4}\//),
        token: expect.stringMatching(/^\d{20}$/),
        cost: seedCostOf(plnToken),
      });
      if (outcome.status === 'succeeded')
        expect(outcome.serialNumber.replace(/-/g, '')).toContain(outcome.token);
    } finally {
      await sim.close();
    }
  });

  it("supplier-sim's webhooks verify and parse: pending, then the update that settles it", async () => {
    const hooks = await RecordingServer.start();
    hooks.answer(() => ({ text: 'ok' }));
    const sim = await startSupplierSim({ pendingDelayMs: 100, webhookUrl: `${hooks.url}/digiflazz` });
    try {
      const supplier = new DigiflazzSupplier({
        baseUrl: sim.url,
        username: sim.username,
        key: sim.key,
        testing: true,
        skuFor: (wanted) => SKU_BY_PRODUCT.get(wanted.productId),
      });
      const supplierRef = 'KIOS-000000000000000000000002';
      await supplier.purchase({
        product: xlCredit,
        destination: { primaryParam: '087800001233' },
        supplierRef,
      });
      for (let waited = 0; hooks.requests.length < 2 && waited < 20_000; waited += 50) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await sim.webhooksSettled();
      const parsed = hooks.requests.map((request) => {
        const raw = Buffer.from(request.rawBody, 'utf8');
        expect(verifyDigiflazzWebhook(raw, request.headers['x-hub-signature'], sim.webhookSecret!)).toBe(
          true,
        );
        expect(verifyDigiflazzWebhook(raw, request.headers['x-hub-signature'], 'not the secret')).toBe(false);
        return parseDigiflazzWebhook(raw, request.headers);
      });
      expect(parsed).toEqual([
        {
          ok: true,
          webhook: expect.objectContaining({
            event: 'create',
            refId: supplierRef,
            outcome: { status: 'pending' },
          }),
        },
        {
          ok: true,
          webhook: expect.objectContaining({
            event: 'update',
            refId: supplierRef,
            deliveryId: expect.stringMatching(/\S/),
            outcome: {
              status: 'succeeded',
              serialNumber: expect.stringMatching(/\S/),
              cost: seedCostOf(xlCredit),
            },
          }),
        },
      ]);
    } finally {
      await sim.close();
      await hooks.close();
    }
  });
});
