// Long on purpose: every way a Digiflazz webhook meets an order (settles, fails, repeats, races, reverses, sells at a cost) over one fixture of pending orders and parsed webhooks.
import { Logger } from '@nestjs/common';
import { parseDigiflazzWebhook, supplierReferenceFor, type DigiflazzWebhook } from '@kios/fulfillment';
import {
  digiflazzWebhookStream,
  orderStream,
  RecordDigiflazzWebhook,
  RecordDigiflazzWebhookHandler,
  type Sale,
  type SaleObserver,
  type SupplierReferences,
} from '@kios/ordering';
import { idr } from '@kios/dana-protocol';
import { orderingFixture } from '../application/ordering.fixture';

type Kios = Awaited<ReturnType<typeof orderingFixture>>;

/** A webhook as Digiflazz sends it about `requestId`'s reference, parsed as the endpoint parses it. */
function webhook(requestId: string, fields: Record<string, unknown>, event = 'update'): DigiflazzWebhook {
  const raw = Buffer.from(
    JSON.stringify({
      data: {
        ref_id: supplierReferenceFor(requestId),
        customer_no: '081234567992',
        buyer_sku_code: 'TSEL10',
        ...fields,
      },
    }),
  );
  const parsed = parseDigiflazzWebhook(raw, { 'x-digiflazz-event': event });
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.webhook;
}

const SUCCESS = { rc: '00', status: 'Sukses', message: 'Transaksi Sukses', sn: 'SN-WEBHOOK-1' };
const REFUND = { rc: '74', status: 'Gagal', message: 'Transaksi Refund', sn: '' };

/** The order_detail read model's lookup, played by the orders this test placed (and, `late`, only after a few lookups). */
class KnownReferences implements SupplierReferences {
  lookups = 0;
  constructor(
    private readonly requestIds: string[],
    private readonly late = 0,
  ) {}
  async requestIdBySupplierRef(supplierRef: string) {
    this.lookups += 1;
    if (this.lookups <= this.late) return undefined;
    return this.requestIds.find((requestId) => supplierReferenceFor(requestId) === supplierRef);
  }
}

function handlerFor(
  kios: Kios,
  references: SupplierReferences,
  pauses: number[] = [1, 1],
  sales?: SaleObserver,
) {
  return new RecordDigiflazzWebhookHandler(
    kios.store,
    references,
    kios.clock,
    { refLookupPausesMs: pauses },
    sales,
  );
}

describe('recording a Digiflazz webhook', () => {
  let errors: jest.SpyInstance;
  let warnings: jest.SpyInstance;

  beforeEach(() => {
    Logger.overrideLogger(false);
    errors = jest.spyOn(Logger.prototype, 'error');
    warnings = jest.spyOn(Logger.prototype, 'warn');
  });
  afterEach(() => {
    errors.mockRestore();
    warnings.mockRestore();
    Logger.overrideLogger(['log', 'error', 'warn']);
  });

  async function pendingOrder(requestId = 'REQ-1') {
    const kios = await orderingFixture({ delayMs: 60_000 });
    await kios.createOrder({ requestId, destination: { primaryParam: '081234567992' } });
    expect(await kios.orderEventTypes(requestId)).toEqual([
      'OrderPlaced',
      'FulfilmentRequested',
      'OrderMarkedPending',
    ]);
    return kios;
  }

  it('finishes a pending order the moment Digiflazz says Sukses, with its serial number', async () => {
    const kios = await pendingOrder();
    const handler = handlerFor(kios, new KnownReferences(['REQ-1']));

    await expect(
      handler.execute(new RecordDigiflazzWebhook(webhook('REQ-1', { ...SUCCESS, price: 9_990 }), 'D-1')),
    ).resolves.toEqual({
      result: 'recorded',
      deliveryId: 'D-1',
      requestId: 'REQ-1',
      recorded: ['OrderSucceeded'],
      reversed: false,
    });
    const events = await kios.orderEvents('REQ-1');
    // The webhook's price (9,990 rupiah) is what Digiflazz charged: the order's cost in minor units.
    expect(events.at(-1)).toMatchObject({
      type: 'OrderSucceeded',
      data: { serialNumber: 'SN-WEBHOOK-1', cost: '999000' },
    });
    expect(events.at(-1)?.data).not.toHaveProperty('costBreach');
    const [delivery] = await kios.store.readStream(digiflazzWebhookStream('D-1'));
    expect(delivery).toMatchObject({
      type: 'DigiflazzWebhookReceived',
      data: {
        deliveryId: 'D-1',
        event: 'update',
        refId: supplierReferenceFor('REQ-1'),
        rc: '00',
        status: 'Sukses',
      },
    });
    // The order's story keeps DANA's correlation id; the delivery (Digiflazz's message) caused this event.
    expect(events.at(-1)!.metadata).toMatchObject({
      correlationId: events[0].metadata.correlationId,
      causationId: 'D-1',
    });
  });

  it("records a success whose price is above DANA's price with its cost and the breach, counts the sale and alerts once; the success stands", async () => {
    const kios = await pendingOrder();
    const sold: Sale[] = [];
    const handler = handlerFor(kios, new KnownReferences(['REQ-1']), [1, 1], {
      sold: (sale) => sold.push(sale),
    });
    const news = webhook('REQ-1', { ...SUCCESS, price: 1_000_000 });
    await handler.execute(new RecordDigiflazzWebhook(news, 'D-1'));
    await handler.execute(new RecordDigiflazzWebhook(news, 'D-2')); // the same news again: no second sale
    const events = await kios.orderEvents('REQ-1');
    expect(events.at(-1)).toMatchObject({
      type: 'OrderSucceeded',
      data: { cost: '100000000', costBreach: expect.stringMatching(/above DANA's price/) },
    });
    expect(sold).toEqual([
      expect.objectContaining({
        requestId: 'REQ-1',
        cost: idr(100_000_000n),
        costBreach: expect.stringMatching(/above DANA's price/),
      }),
    ]);
    const alerts = errors.mock.calls.filter(([line]) =>
      /OPERATOR ALERT: order REQ-1 .*above DANA's price/.test(String(line)),
    );
    expect(alerts).toHaveLength(1);
  });

  it('counts a success by webhook within its price as a sale without a breach, and alerts nothing', async () => {
    const kios = await pendingOrder();
    const sold: Sale[] = [];
    await handlerFor(kios, new KnownReferences(['REQ-1']), [1, 1], {
      sold: (sale) => sold.push(sale),
    }).execute(new RecordDigiflazzWebhook(webhook('REQ-1', { ...SUCCESS, price: 9_990 }), 'D-1'));
    expect(sold).toEqual([{ requestId: 'REQ-1', sold: expect.anything(), cost: idr(999_000n) }]);
    expect(errors).not.toHaveBeenCalled();
  });

  it('fails a pending order on a final Gagal, as a status check would', async () => {
    const kios = await pendingOrder();
    const result = await handlerFor(kios, new KnownReferences(['REQ-1'])).execute(
      new RecordDigiflazzWebhook(
        webhook('REQ-1', { rc: '02', status: 'Gagal', message: 'Transaksi Gagal' }),
        'D-1',
      ),
    );
    expect(result).toMatchObject({ result: 'recorded', recorded: ['OrderFailed'] });
    expect((await kios.orderEvents('REQ-1')).at(-1)).toMatchObject({
      type: 'OrderFailed',
      data: { code: 'supplier_failed', reason: 'Digiflazz rc 02 (Transaksi Gagal)' },
    });
  });

  it.each([
    ['a create saying Pending', { rc: '03', status: 'Pending', message: 'Transaksi Pending' }, 'create'],
    ['a timeout (rc 01), which tells nothing', { rc: '01', status: 'Gagal', message: 'Timeout' }, 'update'],
    ['an rc kios does not map', { rc: '93', status: 'Gagal', message: '?' }, 'update'],
  ])('moves nothing on %s', async (_, fields, event) => {
    const kios = await pendingOrder();
    const result = await handlerFor(kios, new KnownReferences(['REQ-1'])).execute(
      new RecordDigiflazzWebhook(webhook('REQ-1', fields, event), 'D-1'),
    );
    expect(result).toMatchObject({ result: 'ignored', requestId: 'REQ-1' });
    expect(await kios.orderEventTypes('REQ-1')).toEqual([
      'OrderPlaced',
      'FulfilmentRequested',
      'OrderMarkedPending',
    ]);
    expect(await kios.store.readStream(digiflazzWebhookStream('D-1'))).toHaveLength(1);
  });

  it('records a delivery once: the same delivery again changes nothing', async () => {
    const kios = await pendingOrder();
    const handler = handlerFor(kios, new KnownReferences(['REQ-1']));
    await handler.execute(new RecordDigiflazzWebhook(webhook('REQ-1', SUCCESS), 'D-1'));
    const before = await kios.orderEvents('REQ-1');

    await expect(
      handler.execute(new RecordDigiflazzWebhook(webhook('REQ-1', REFUND), 'D-1')),
    ).resolves.toEqual({
      result: 'duplicate',
      deliveryId: 'D-1',
    });
    expect(await kios.orderEvents('REQ-1')).toEqual(before);
    expect(await kios.store.readStream(digiflazzWebhookStream('D-1'))).toHaveLength(1);
  });

  it('applies a delivery again when recording it on the order failed: nothing of it is on record yet', async () => {
    const kios = await pendingOrder();
    const handler = handlerFor(kios, new KnownReferences(['REQ-1']));
    const append = kios.store.append.bind(kios.store);
    // Only the order's append fails: what a crash between the order and the delivery looks like.
    const failingOrderAppend = jest
      .spyOn(kios.store, 'append')
      .mockImplementation(async (stream, ...rest) => {
        if (stream === orderStream('REQ-1')) throw new Error('the store went away mid-append');
        return append(stream, ...rest);
      });

    await expect(
      handler.execute(new RecordDigiflazzWebhook(webhook('REQ-1', SUCCESS), 'D-1')),
    ).rejects.toThrow('the store went away');
    expect(await kios.store.readStream(digiflazzWebhookStream('D-1'))).toHaveLength(0);
    expect(await kios.orderEventTypes('REQ-1')).not.toContain('OrderSucceeded');

    failingOrderAppend.mockRestore();
    await expect(
      handler.execute(new RecordDigiflazzWebhook(webhook('REQ-1', SUCCESS), 'D-1')),
    ).resolves.toMatchObject({ result: 'recorded', recorded: ['OrderSucceeded'] });
    expect(await kios.store.readStream(digiflazzWebhookStream('D-1'))).toHaveLength(1);
  });

  it('records two copies racing each other once', async () => {
    const kios = await pendingOrder();
    const handler = handlerFor(kios, new KnownReferences(['REQ-1']));
    const results = await Promise.all([
      handler.execute(new RecordDigiflazzWebhook(webhook('REQ-1', SUCCESS), 'D-1')),
      handler.execute(new RecordDigiflazzWebhook(webhook('REQ-1', SUCCESS), 'D-1')),
    ]);
    expect(results.map((result) => result.result).sort()).toEqual(['duplicate', 'recorded']);
    expect((await kios.orderEventTypes('REQ-1')).filter((type) => type === 'OrderSucceeded')).toHaveLength(1);
  });

  it('records nothing new for a second delivery of the same success (an update after the create)', async () => {
    const kios = await pendingOrder();
    const handler = handlerFor(kios, new KnownReferences(['REQ-1']));
    await handler.execute(new RecordDigiflazzWebhook(webhook('REQ-1', SUCCESS, 'create'), 'D-1'));
    const result = await handler.execute(new RecordDigiflazzWebhook(webhook('REQ-1', SUCCESS), 'D-2'));
    expect(result).toEqual({
      result: 'ignored',
      deliveryId: 'D-2',
      requestId: 'REQ-1',
      why: 'the order is already SUCCESS with this receipt',
    });
    expect((await kios.orderEventTypes('REQ-1')).filter((type) => type === 'OrderSucceeded')).toHaveLength(1);
  });

  it('records a refund after SUCCESS as a reversal, keeps SUCCESS, and raises an OPERATOR ALERT once', async () => {
    const kios = await pendingOrder();
    const handler = handlerFor(kios, new KnownReferences(['REQ-1']));
    await handler.execute(new RecordDigiflazzWebhook(webhook('REQ-1', SUCCESS), 'D-1'));
    expect(errors).not.toHaveBeenCalled();

    const result = await handler.execute(new RecordDigiflazzWebhook(webhook('REQ-1', REFUND), 'D-2'));
    expect(result).toMatchObject({ result: 'recorded', recorded: ['FulfilmentReversed'], reversed: true });
    const types = await kios.orderEventTypes('REQ-1');
    expect(types.filter((type) => type === 'OrderSucceeded')).toHaveLength(1);
    expect(types).not.toContain('OrderFailed');
    expect((await kios.orderEvents('REQ-1')).at(-1)).toMatchObject({
      type: 'FulfilmentReversed',
      data: { requestId: 'REQ-1', rc: '74', message: 'Transaksi Refund' },
    });
    expect(errors).toHaveBeenCalledTimes(1);
    const [alert] = errors.mock.calls[0] as [string];
    expect(alert).toMatch(
      /^OPERATOR ALERT: order REQ-1 \(orderId \S+, supplier reference KIOS-[0-9A-F]{24}\)/,
    );
    expect(alert).toContain('rc 74 (Transaksi Refund)');
    expect(alert).toContain('SN-WEBHOOK-1');

    const again = await handler.execute(new RecordDigiflazzWebhook(webhook('REQ-1', REFUND), 'D-3'));
    expect(again).toMatchObject({ result: 'ignored' });
    expect(errors).toHaveBeenCalledTimes(1);
  });

  it('waits briefly for the read model to know a reference, then records on the order', async () => {
    const kios = await pendingOrder();
    const references = new KnownReferences(['REQ-1'], 2);
    const result = await handlerFor(kios, references, [1, 1, 1]).execute(
      new RecordDigiflazzWebhook(webhook('REQ-1', SUCCESS), 'D-1'),
    );
    expect(result).toMatchObject({ result: 'recorded' });
    expect(references.lookups).toBe(3);
  });

  it('answers a reference kios never sent as unknown after its lookups, with the delivery on record and a log line', async () => {
    const kios = await pendingOrder();
    const references = new KnownReferences(['REQ-1']);
    const result = await handlerFor(kios, references, [1, 1]).execute(
      new RecordDigiflazzWebhook(webhook('REQ-OTHER', SUCCESS), 'D-9'),
    );
    expect(result).toEqual({ result: 'unknown_reference', deliveryId: 'D-9' });
    expect(references.lookups).toBe(3);
    expect(await kios.store.readStream(digiflazzWebhookStream('D-9'))).toHaveLength(1);
    expect(await kios.orderEventTypes('REQ-1')).toHaveLength(3);
    expect(warnings).toHaveBeenCalledWith(expect.stringContaining('kios has no order under that ref_id'));
  });
});
