import { Logger } from '@nestjs/common';
import { idr } from '@kios/dana-protocol';
import { ConcurrencyError } from '@kios/event-store';
import { supplierReferenceFor } from '@kios/fulfillment';
import { orderStream } from '@kios/ordering';
import { orderingFixture, T0 } from './ordering.fixture';

beforeAll(() => Logger.overrideLogger(false));
afterAll(() => Logger.overrideLogger(['log', 'error', 'warn']));

describe('Create Order handler', () => {
  it('places the order, buys it under the reference derived from requestId, and answers SUCCESS', async () => {
    const kios = await orderingFixture();
    const order = await kios.createOrder({ requestId: 'REQ-1' });

    expect(order).toMatchObject({ requestId: 'REQ-1', status: 'SUCCESS', serialNumber: expect.any(String) });
    expect(order.orderId).toMatch(/^ORD-[0-9A-F]{32}$/);
    expect(await kios.orderEventTypes('REQ-1')).toEqual([
      'OrderPlaced',
      'FulfilmentRequested',
      'OrderSucceeded',
    ]);
    expect(kios.purchases).toHaveBeenCalledTimes(1);
    expect(kios.purchases.mock.calls[0][0].supplierRef).toBe(supplierReferenceFor('REQ-1'));
  });

  it('records on a telco order the inquiryId DANA sent in extendInfo, and buys it as any other', async () => {
    const kios = await orderingFixture();
    const order = await kios.createOrder({ requestId: 'REQ-1', inquiryId: 'INQ-TELCO-1' });

    expect(order).toMatchObject({ status: 'SUCCESS', inquiryId: 'INQ-TELCO-1' });
    const [placed] = await kios.orderEvents('REQ-1');
    expect(placed).toMatchObject({ type: 'OrderPlaced', data: { inquiryId: 'INQ-TELCO-1' } });
    const without = await kios.createOrder({ requestId: 'REQ-2' });
    expect(without).not.toHaveProperty('inquiryId');
  });

  it('stamps every event with the reqMsgId as correlation and causation, the clock time and schema 1', async () => {
    const kios = await orderingFixture();
    await kios.createOrder({ requestId: 'REQ-1' });
    for (const event of await kios.orderEvents('REQ-1')) {
      expect(event.metadata).toEqual({
        correlationId: 'msg-1',
        causationId: 'msg-1',
        recordedAt: T0.toISOString(),
        schemaVersion: 1,
      });
    }
  });

  it('stores the supplier reference before the supplier is called', async () => {
    const kios = await orderingFixture();
    kios.purchases.mockImplementationOnce(async (request) => {
      const types = await kios.orderEventTypes('REQ-1');
      expect(types).toEqual(['OrderPlaced', 'FulfilmentRequested']);
      expect((await kios.orderEvents('REQ-1'))[1].data.supplierRef).toBe(request.supplierRef);
      return { status: 'succeeded', serialNumber: '1234' };
    });
    await expect(kios.createOrder({ requestId: 'REQ-1' })).resolves.toMatchObject({ status: 'SUCCESS' });
  });

  it('answers 100 concurrent duplicates with one order, placed once and bought once', async () => {
    const kios = await orderingFixture({ latencyMs: 20 });
    const answers = await Promise.all(
      Array.from({ length: 100 }, () => kios.createOrder({ requestId: 'REQ-DUP' })),
    );

    expect(new Set(answers.map((answer) => answer.orderId)).size).toBe(1);
    expect(answers.every((answer) => answer.status === 'SUCCESS')).toBe(true);
    expect((await kios.orderEventTypes('REQ-DUP')).filter((type) => type === 'OrderPlaced')).toHaveLength(1);
    expect(kios.purchases).toHaveBeenCalledTimes(1);
  });

  it('lets one of two processes place a requestId; the other answers the same order as PENDING', async () => {
    const kios = await orderingFixture({ latencyMs: 50 });
    const [first, second] = await Promise.all([
      kios.createOrder({ requestId: 'REQ-RACE' }, kios.createOrderHandler),
      kios.createOrder({ requestId: 'REQ-RACE' }, kios.newCreateOrderHandler()),
    ]);

    expect(second.orderId).toBe(first.orderId);
    expect([first.status, second.status].sort()).toEqual(['PENDING', 'SUCCESS']);
    expect(kios.purchases).toHaveBeenCalledTimes(1);
    // DANA heard PENDING once, so it is owed the Order Complete Callback.
    expect(await kios.orderEventTypes('REQ-RACE')).toEqual([
      'OrderPlaced',
      'FulfilmentRequested',
      'OrderMarkedPending',
      'OrderSucceeded',
    ]);
  });

  it('places an order naming no inquiry without reading its stream first, appending it as a new stream', async () => {
    const kios = await orderingFixture();
    const reads = jest.spyOn(kios.store, 'readStream');
    const appends = jest.spyOn(kios.store, 'append');
    await kios.createOrder({ requestId: 'REQ-1' });

    const stream = orderStream('REQ-1');
    expect(reads.mock.calls.filter(([read]) => read === stream)).toEqual([]);
    expect(appends.mock.calls.filter(([appended]) => appended === stream)[0][2]).toBe('no_stream');
  });

  it('reads an order naming an inquiry before placing it, since placing it may consume the inquiry', async () => {
    const kios = await orderingFixture();
    const reads = jest.spyOn(kios.store, 'readStream');
    const appends = jest.spyOn(kios.store, 'append');
    await kios.createOrder({ requestId: 'REQ-1', inquiryId: 'INQ-TELCO-1' });

    const stream = orderStream('REQ-1');
    const firstRead = reads.mock.invocationCallOrder[reads.mock.calls.findIndex(([read]) => read === stream)];
    const firstAppend =
      appends.mock.invocationCallOrder[appends.mock.calls.findIndex(([appended]) => appended === stream)];
    expect(firstRead).toBeLessThan(firstAppend);
  });

  it('answers a repeated Create Order naming no inquiry from its stream once its "no stream" append is refused', async () => {
    const kios = await orderingFixture();
    const first = await kios.createOrder({ requestId: 'REQ-1' });
    const appends = jest.spyOn(kios.store, 'append');
    const again = await kios.createOrder({ requestId: 'REQ-1' });

    expect(again).toEqual(first);
    const stream = orderStream('REQ-1');
    const tried = appends.mock.calls.filter(([appended]) => appended === stream);
    expect(tried.map(([, , expected]) => expected)).toEqual(['no_stream']);
    await expect(appends.mock.results[appends.mock.calls.indexOf(tried[0])].value).rejects.toBeInstanceOf(
      ConcurrencyError,
    );
    expect(await kios.orderEventTypes('REQ-1')).toHaveLength(3);
    expect(kios.purchases).toHaveBeenCalledTimes(1);
  });

  it('answers a Create Order repeated after the order is final with the final order, recording nothing', async () => {
    const kios = await orderingFixture();
    const first = await kios.createOrder({ requestId: 'REQ-1' });
    kios.clock.advance(60_000);
    const again = await kios.createOrder({ requestId: 'REQ-1', price: idr(1) });

    expect(again).toEqual(first);
    expect(await kios.orderEventTypes('REQ-1')).toHaveLength(3);
    expect(kios.purchases).toHaveBeenCalledTimes(1);
  });

  it('refuses a danaSellingPrice other than the product price, saying both, and never buys', async () => {
    const kios = await orderingFixture();
    const order = await kios.createOrder({ requestId: 'REQ-1', price: idr(1_000_000) });

    expect(order).toMatchObject({
      status: 'FAILED',
      failure: {
        code: 'price_mismatch',
        reason: 'danaSellingPrice 1000000 does not match the product price 1025000',
      },
    });
    expect(await kios.orderEventTypes('REQ-1')).toEqual(['OrderPlaced', 'OrderFailed']);
    expect(kios.purchases).not.toHaveBeenCalled();
  });

  it('refuses a product the catalog does not know, and a sold-out one', async () => {
    const kios = await orderingFixture();
    await expect(kios.createOrder({ requestId: 'REQ-1', productId: 'NOPE' })).resolves.toMatchObject({
      status: 'FAILED',
      failure: { code: 'product_not_found' },
    });
    await expect(kios.createOrder({ requestId: 'REQ-2', productId: 'TSEL-SOLD-OUT' })).resolves.toMatchObject(
      {
        status: 'FAILED',
        failure: { code: 'product_unavailable' },
      },
    );
    expect(kios.purchases).not.toHaveBeenCalled();
  });

  it('answers PENDING when the supplier says pending (…992)', async () => {
    const kios = await orderingFixture();
    const order = await kios.createOrder({
      requestId: 'REQ-1',
      destination: { primaryParam: '081234567992' },
    });

    expect(order.status).toBe('PENDING');
    expect(await kios.orderEventTypes('REQ-1')).toEqual([
      'OrderPlaced',
      'FulfilmentRequested',
      'OrderMarkedPending',
    ]);
  });

  it('answers FAILED when the supplier rejects at once (…991)', async () => {
    const kios = await orderingFixture();
    const order = await kios.createOrder({
      requestId: 'REQ-1',
      destination: { primaryParam: '081234567991' },
    });
    expect(order).toMatchObject({ status: 'FAILED', failure: { code: 'supplier_failed' } });
  });

  it('puts an order in doubt and answers PENDING when the supplier does not answer within the budget (…994)', async () => {
    const kios = await orderingFixture({ supplierBudgetMs: 150 });
    const started = Date.now();
    const order = await kios.createOrder({
      requestId: 'REQ-1',
      destination: { primaryParam: '081234567994' },
    });

    expect(Date.now() - started).toBeLessThan(1000);
    expect(order.status).toBe('PENDING');
    const events = await kios.orderEvents('REQ-1');
    expect(events.map((event) => event.type)).toEqual([
      'OrderPlaced',
      'FulfilmentRequested',
      'FulfilmentInDoubt',
      'OrderMarkedPending',
    ]);
    expect(events[2].data.reason).toBe('the supplier did not answer within 150 ms');
  });

  it('puts an order in doubt and answers PENDING when the adapter answers in_doubt, as when the budget runs out', async () => {
    const kios = await orderingFixture();
    kios.purchases.mockResolvedValueOnce({ status: 'in_doubt', reason: 'the supplier answered HTTP 503' });
    const order = await kios.createOrder({ requestId: 'REQ-1' });

    expect(order.status).toBe('PENDING');
    const events = await kios.orderEvents('REQ-1');
    expect(events.map((event) => event.type)).toEqual([
      'OrderPlaced',
      'FulfilmentRequested',
      'FulfilmentInDoubt',
      'OrderMarkedPending',
    ]);
    expect(events[2].data.reason).toBe('the supplier answered HTTP 503');
  });

  it('treats a supplier call that throws as in doubt, never as a failure', async () => {
    const kios = await orderingFixture();
    kios.purchases.mockRejectedValueOnce(new Error('socket hang up'));
    const order = await kios.createOrder({ requestId: 'REQ-1' });

    expect(order.status).toBe('PENDING');
    expect((await kios.orderEvents('REQ-1'))[2].data.reason).toBe('the supplier call failed: socket hang up');
  });
});
