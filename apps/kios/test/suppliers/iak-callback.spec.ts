import { createHash } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { CommandBus } from '@nestjs/cqrs';
import { supplierReferenceFor } from '@kios/fulfillment';
import { orderStream } from '@kios/ordering';
import { KiosMetrics } from '../../src/observability/metrics/kios-metrics';
import { countSale } from '../../src/observability/metrics/sale-metrics';
import { iakCallbackStream } from '../../src/suppliers/iak-callback-delivery';
import { RecordIakCallback, RecordIakCallbackHandler } from '../../src/suppliers/iak-callback.handler';
import { IakCallbackReceiver } from '../../src/suppliers/iak-callback.receiver';
import { orderingFixture } from '../../../../libs/ordering/test/application/ordering.fixture';

const USERNAME = '081200001111';
const API_KEY = 'iak-callback-KEY-for-the-spec';
const REQUEST_ID = 'REQ-IAK-1';
const REF = supplierReferenceFor(REQUEST_ID);

/** md5 as IAK's docs write the callback's sign, computed here apart from kios's code. */
const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

/** A callback as IAK sends it (version 2: every value a string), signed with `key`. */
function callback(fields: Record<string, string> = {}, key = API_KEY): Buffer {
  const refId = fields.ref_id ?? REF;
  return Buffer.from(
    JSON.stringify({
      data: {
        ref_id: refId,
        status: '1',
        product_code: 'htelkomsel10000',
        customer_id: '081234567992',
        price: '10150',
        message: 'SUCCESS',
        sn: 'SN-IAK-1',
        balance: '997061249',
        tr_id: '3482',
        rc: '00',
        sign: md5(`${USERNAME}${key}${refId}`),
        ...fields,
      },
    }),
  );
}

async function counted(metrics: KiosMetrics, result: string): Promise<number> {
  const metric = (await metrics.registry.getMetricsAsJSON()).find(
    (entry) => entry.name === 'kios_supplier_webhooks_total',
  );
  const sample = metric?.values.find(
    (value) => value.labels.supplier === 'iak' && value.labels.result === result,
  );
  return Number(sample?.value ?? 0);
}

/**
 * IAK's callback endpoint with the real receiver and the real recording handler, on an in-memory
 * event store holding one order kios sent under REF and answered PENDING.
 */
async function endpoint() {
  const kios = await orderingFixture({ delayMs: 60_000 });
  await kios.createOrder({ requestId: REQUEST_ID, destination: { primaryParam: '081234567992' } });
  expect(await kios.orderEventTypes(REQUEST_ID)).toEqual([
    'OrderPlaced',
    'FulfilmentRequested',
    'OrderMarkedPending',
  ]);
  const metrics = new KiosMetrics();
  const handler = new RecordIakCallbackHandler(
    kios.store,
    { requestIdBySupplierRef: async (ref) => (ref === REF ? REQUEST_ID : undefined) },
    kios.clock,
    { refLookupPausesMs: [1] },
    { sold: (sale) => countSale(metrics, sale) }, // as ObservabilityModule's SALE_OBSERVER counts
  );
  const bus = { execute: (command: RecordIakCallback) => handler.execute(command) } as unknown as CommandBus;
  const receiver = new IakCallbackReceiver(
    { iak: { baseUrl: 'http://iak.invalid/api/', username: USERNAME, apiKey: API_KEY, timeoutMs: 1 } },
    bus,
    metrics,
  );
  const everything = async () => (await kios.store.headPosition()) ?? null;
  return { kios, receiver, metrics, everything };
}

describe("IAK's callback endpoint (POST /suppliers/iak/callback)", () => {
  beforeEach(() => Logger.overrideLogger(false));
  afterEach(() => Logger.overrideLogger(['log', 'error', 'warn']));

  it('a signed success finishes the pending order with its serial number, and records the callback once', async () => {
    const { kios, receiver, metrics } = await endpoint();
    const answer = await receiver.receive(callback());
    expect(answer).toEqual({
      httpStatus: 200,
      body: expect.objectContaining({
        result: 'recorded',
        requestId: REQUEST_ID,
        recorded: ['OrderSucceeded'],
      }),
    });
    expect((await kios.orderEventTypes(REQUEST_ID)).at(-1)).toBe('OrderSucceeded');
    const [succeeded] = (await kios.store.readStream(orderStream(REQUEST_ID))).slice(-1);
    // The callback's price ('10150' rupiah, as text) is what IAK charged: the order's cost in minor units.
    expect(succeeded.data).toMatchObject({ serialNumber: 'SN-IAK-1', cost: '1015000' });
    expect(succeeded.data).not.toHaveProperty('costBreach');
    // A sale like Create Order's and the follow-up's: counted with its cost.
    const cost = (await metrics.registry.getMetricsAsJSON()).find(
      (entry) => entry.name === 'kios_supplier_cost_minor_units_total',
    );
    expect(cost?.values).toEqual([expect.objectContaining({ value: 1_015_000 })]);
    const deliveryId = (answer.body as { deliveryId: string }).deliveryId;
    expect(await kios.store.readStream(iakCallbackStream(deliveryId))).toEqual([
      expect.objectContaining({
        type: 'IakCallbackReceived',
        data: expect.objectContaining({ refId: REF, rc: '00', status: '1' }),
      }),
    ]);
    expect(await counted(metrics, 'recorded')).toBe(1);
  });

  it('a duplicate (the same bytes, or the same news in another order of fields) is one event: the second records nothing', async () => {
    const { kios, receiver, metrics, everything } = await endpoint();
    const first = await receiver.receive(callback());
    const after = await everything();
    const again = await receiver.receive(callback());
    const reordered = JSON.parse(callback().toString()) as { data: Record<string, string> };
    const shuffled = Buffer.from(
      JSON.stringify({ data: Object.fromEntries(Object.entries(reordered.data).reverse()) }),
    );
    const third = await receiver.receive(shuffled);
    expect(first.body).toMatchObject({ result: 'recorded' });
    expect(again).toEqual({
      httpStatus: 200,
      body: { result: 'duplicate', deliveryId: (first.body as { deliveryId: string }).deliveryId },
    });
    expect(third.body).toMatchObject({ result: 'duplicate' });
    expect(await everything()).toEqual(after);
    expect((await kios.orderEventTypes(REQUEST_ID)).filter((type) => type === 'OrderSucceeded')).toHaveLength(
      1,
    );
    expect(await counted(metrics, 'duplicate')).toBe(2);
  });

  it.each([
    ['signed with another key', () => callback({}, 'not-the-key')],
    [
      'with no sign',
      () => Buffer.from(JSON.stringify({ data: { ref_id: REF, status: '1', rc: '00', sn: 'SN' } })),
    ],
    ['signed for another ref_id', () => callback({ sign: md5(`${USERNAME}${API_KEY}KIOS-OTHER`) })],
    ['not JSON at all', () => Buffer.from('{"data": ')],
  ])('answers 401 to a callback %s, and nothing is recorded anywhere', async (_why, raw) => {
    const { kios, receiver, metrics, everything } = await endpoint();
    const before = await everything();
    const answer = await receiver.receive(raw());
    expect(answer).toMatchObject({ httpStatus: 401, body: { statusCode: 401, error: 'Unauthorized' } });
    expect(await everything()).toEqual(before);
    expect(await kios.orderEventTypes(REQUEST_ID)).toEqual([
      'OrderPlaced',
      'FulfilmentRequested',
      'OrderMarkedPending',
    ]);
    expect(await counted(metrics, 'unauthorized')).toBe(1);
  });

  it('a signed callback without an rc is 400 and records nothing', async () => {
    const { receiver, everything } = await endpoint();
    const before = await everything();
    const raw = Buffer.from(
      JSON.stringify({ data: { ref_id: REF, sign: md5(`${USERNAME}${API_KEY}${REF}`) } }),
    );
    await expect(receiver.receive(raw)).resolves.toMatchObject({ httpStatus: 400 });
    expect(await everything()).toEqual(before);
  });

  it("a signed failure (status 2, rc 07) finishes the order FAILED with IAK's reason", async () => {
    const { kios, receiver } = await endpoint();
    const answer = await receiver.receive(callback({ status: '2', rc: '07', message: 'FAILED', sn: '' }));
    expect(answer.body).toMatchObject({ result: 'recorded', recorded: ['OrderFailed'] });
    const [failed] = (await kios.store.readStream(orderStream(REQUEST_ID))).slice(-1);
    expect(JSON.stringify(failed.data)).toContain('IAK rc 07');
  });

  it('a callback about a reference kios never sent is recorded as received, on no order', async () => {
    const { kios, receiver } = await endpoint();
    const answer = await receiver.receive(callback({ ref_id: 'KIOS-NOT-OURS' }));
    expect(answer.body).toMatchObject({ result: 'unknown_reference' });
    expect(await kios.orderEventTypes(REQUEST_ID)).toEqual([
      'OrderPlaced',
      'FulfilmentRequested',
      'OrderMarkedPending',
    ]);
  });

  it('refuses everything (401) when kios has no IAK account configured', async () => {
    const { metrics } = await endpoint();
    const bus = { execute: jest.fn() } as unknown as CommandBus;
    const receiver = new IakCallbackReceiver({}, bus, metrics);
    await expect(receiver.receive(callback())).resolves.toMatchObject({ httpStatus: 401 });
    expect((bus.execute as jest.Mock).mock.calls).toHaveLength(0);
  });
});
