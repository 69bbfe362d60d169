import { Logger } from '@nestjs/common';
import { productData } from '@kios/catalog';
import { supplierReferenceFor } from '@kios/fulfillment';
import { FollowUpFulfilment, orderStream } from '@kios/ordering';
import { telkomselCredit } from '@kios/testing';
import { orderingFixture, T0 } from './ordering.fixture';

const causation = { correlationId: 'msg-create', causationId: 'event-42' };

describe('fulfilment follow-up step', () => {
  let errors: jest.SpyInstance;

  beforeEach(() => {
    Logger.overrideLogger(false);
    errors = jest.spyOn(Logger.prototype, 'error');
  });
  afterEach(() => {
    errors.mockRestore();
    Logger.overrideLogger(['log', 'error', 'warn']);
  });

  const follow = (kios: Awaited<ReturnType<typeof orderingFixture>>, requestId: string) =>
    kios.followUpHandler.execute(new FollowUpFulfilment(requestId, causation));

  it('leaves a pending order alone until the supplier settles it, then records the success (…992)', async () => {
    const kios = await orderingFixture({ delayMs: 3000 });
    await kios.createOrder({ requestId: 'REQ-1', destination: { primaryParam: '081234567992' } });

    await expect(follow(kios, 'REQ-1')).resolves.toEqual({ settled: false, flaggedForOperator: false });
    expect(await kios.orderEventTypes('REQ-1')).toHaveLength(3);

    kios.clock.advance(3000);
    await expect(follow(kios, 'REQ-1')).resolves.toEqual({ settled: true, flaggedForOperator: false });
    expect((await kios.orderEventTypes('REQ-1')).at(-1)).toBe('OrderSucceeded');
    expect(kios.purchases).toHaveBeenCalledTimes(1);
  });

  it('records the failure the supplier settles on (…993)', async () => {
    const kios = await orderingFixture({ delayMs: 1000 });
    await kios.createOrder({ requestId: 'REQ-1', destination: { primaryParam: '081234567993' } });
    kios.clock.advance(1000);
    await follow(kios, 'REQ-1');
    const last = (await kios.orderEvents('REQ-1')).at(-1)!;
    expect(last).toMatchObject({ type: 'OrderFailed', data: { code: 'supplier_failed' } });
  });

  it('settles an order in doubt by a status check with the same reference, never by buying again (…994)', async () => {
    const kios = await orderingFixture({ supplierBudgetMs: 100 });
    await kios.createOrder({ requestId: 'REQ-1', destination: { primaryParam: '081234567994' } });
    const checks = jest.spyOn(kios.supplier, 'checkStatus');

    await expect(follow(kios, 'REQ-1')).resolves.toMatchObject({ settled: true });
    expect(checks).toHaveBeenCalledWith(
      expect.objectContaining({
        supplierRef: supplierReferenceFor('REQ-1'),
        destination: expect.objectContaining({ primaryParam: '081234567994' }),
        product: expect.objectContaining({ productId: expect.any(String) }),
      }),
    );
    expect(kios.purchases).toHaveBeenCalledTimes(1);
    expect(await kios.orderEventTypes('REQ-1')).toEqual([
      'OrderPlaced',
      'FulfilmentRequested',
      'FulfilmentInDoubt',
      'OrderMarkedPending',
      'OrderSucceeded',
    ]);
  });

  it('stamps what it records with the order’s correlation id and the event it reacted to', async () => {
    const kios = await orderingFixture({ supplierBudgetMs: 100 });
    await kios.createOrder({ requestId: 'REQ-1', destination: { primaryParam: '081234567994' } });
    await follow(kios, 'REQ-1');
    expect((await kios.orderEvents('REQ-1')).at(-1)!.metadata).toEqual({
      ...causation,
      recordedAt: T0.toISOString(),
      schemaVersion: 1,
    });
  });

  it('takes over an order whose Create Order stopped mid-call: in doubt, PENDING, then bought once under the same reference', async () => {
    const kios = await orderingFixture();
    // What a kios killed right after writing the order leaves behind: the supplier never heard of it.
    await kios.store.append(
      orderStream('REQ-1'),
      [
        {
          type: 'OrderPlaced',
          data: {
            requestId: 'REQ-1',
            orderId: 'ORD-1',
            productId: telkomselCredit.productId,
            product: productData(telkomselCredit),
            destination: { primaryParam: '081234567890' },
            price: '1025000',
            placedAt: T0.toISOString(),
          },
        },
        {
          type: 'FulfilmentRequested',
          data: {
            requestId: 'REQ-1',
            supplierRef: supplierReferenceFor('REQ-1'),
            destination: { primaryParam: '081234567890' },
            requestedAt: T0.toISOString(),
          },
        },
      ],
      'no_stream',
    );

    await expect(follow(kios, 'REQ-1')).resolves.toMatchObject({ settled: true });
    expect(await kios.orderEventTypes('REQ-1')).toEqual([
      'OrderPlaced',
      'FulfilmentRequested',
      'FulfilmentInDoubt',
      'OrderMarkedPending',
      'OrderSucceeded',
    ]);
    expect(kios.purchases).toHaveBeenCalledTimes(1);
    expect(kios.purchases.mock.calls[0][0].supplierRef).toBe(supplierReferenceFor('REQ-1'));
    await expect(follow(kios, 'REQ-1')).resolves.toMatchObject({ settled: true });
    expect(kios.purchases).toHaveBeenCalledTimes(1);
  });

  it('past the horizon flags the order for an operator, alerts, and guesses no outcome', async () => {
    const kios = await orderingFixture({ delayMs: 10 * 86_400_000, fulfilmentHorizonMs: 86_400_000 });
    await kios.createOrder({ requestId: 'REQ-1', destination: { primaryParam: '081234567992' } });

    kios.clock.advance(86_400_000 - 1);
    await expect(follow(kios, 'REQ-1')).resolves.toEqual({ settled: false, flaggedForOperator: false });
    kios.clock.advance(1);
    await expect(follow(kios, 'REQ-1')).resolves.toEqual({ settled: false, flaggedForOperator: true });

    const last = (await kios.orderEvents('REQ-1')).at(-1)!;
    expect(last).toMatchObject({
      type: 'FulfilmentFlaggedForOperator',
      data: { reason: 'no final answer from the supplier 24.0 h after the order was placed' },
    });
    expect(errors).toHaveBeenCalledWith(
      expect.stringMatching(/^OPERATOR ALERT: order REQ-1 .*guesses nothing/),
    );

    kios.clock.advance(60_000);
    await follow(kios, 'REQ-1');
    expect(
      (await kios.orderEventTypes('REQ-1')).filter((type) => type === 'FulfilmentFlaggedForOperator'),
    ).toHaveLength(1);
    expect(errors).toHaveBeenCalledTimes(1);
  });

  it('past the supplier reference horizon asks the supplier nothing, flags the order with the horizon and alerts once', async () => {
    const DAY = 86_400_000;
    const kios = await orderingFixture({
      delayMs: 100 * DAY,
      fulfilmentHorizonMs: DAY,
      supplierRefHorizonMs: 80 * DAY,
    });
    await kios.createOrder({ requestId: 'REQ-1', destination: { primaryParam: '081234567992' } });
    kios.clock.advance(DAY);
    await follow(kios, 'REQ-1'); // flagged for the fulfilment horizon first
    const checks = jest.spyOn(kios.supplier, 'checkStatus');
    errors.mockClear();

    kios.clock.advance(79 * DAY);
    await expect(follow(kios, 'REQ-1')).resolves.toEqual({ settled: false, flaggedForOperator: true });
    expect(checks).not.toHaveBeenCalled();
    expect(kios.purchases).toHaveBeenCalledTimes(1);
    expect((await kios.orderEvents('REQ-1')).at(-1)).toMatchObject({
      type: 'FulfilmentFlaggedForOperator',
      data: {
        reason: expect.stringMatching(
          /past the 80\.0-day recheck horizon \(KIOS_DIGIFLAZZ_RECHECK_HORIZON\)/,
        ),
      },
    });
    expect(errors).toHaveBeenCalledWith(
      expect.stringMatching(/^OPERATOR ALERT: order REQ-1 .*80\.0-day recheck horizon.*by hand/),
    );

    kios.clock.advance(DAY);
    await follow(kios, 'REQ-1');
    expect(checks).not.toHaveBeenCalled();
    expect(errors).toHaveBeenCalledTimes(1);
  });

  it('still records the supplier’s answer when it comes after the flag', async () => {
    const kios = await orderingFixture({ delayMs: 2 * 86_400_000, fulfilmentHorizonMs: 86_400_000 });
    await kios.createOrder({ requestId: 'REQ-1', destination: { primaryParam: '081234567992' } });
    kios.clock.advance(86_400_000);
    await follow(kios, 'REQ-1');
    kios.clock.advance(86_400_000);
    await expect(follow(kios, 'REQ-1')).resolves.toEqual({ settled: true, flaggedForOperator: true });
    expect((await kios.orderEventTypes('REQ-1')).at(-1)).toBe('OrderSucceeded');
  });

  it('asks the supplier nothing about an order that is already final', async () => {
    const kios = await orderingFixture();
    await kios.createOrder({ requestId: 'REQ-1' });
    const checks = jest.spyOn(kios.supplier, 'checkStatus');
    await expect(follow(kios, 'REQ-1')).resolves.toMatchObject({ settled: true });
    expect(checks).not.toHaveBeenCalled();
    expect(await kios.orderEventTypes('REQ-1')).toHaveLength(3);
  });

  it('records nothing when the status check fails, and tries again next time', async () => {
    const kios = await orderingFixture({ supplierBudgetMs: 100 });
    await kios.createOrder({ requestId: 'REQ-1', destination: { primaryParam: '081234567994' } });
    jest.spyOn(kios.supplier, 'checkStatus').mockRejectedValueOnce(new Error('supplier down'));

    await expect(follow(kios, 'REQ-1')).resolves.toMatchObject({ settled: false });
    expect(await kios.orderEventTypes('REQ-1')).toHaveLength(4);
    await expect(follow(kios, 'REQ-1')).resolves.toMatchObject({ settled: true });
  });

  it('records nothing when the adapter answers the status check in_doubt, and checks the same reference again next time', async () => {
    const kios = await orderingFixture({ supplierBudgetMs: 100 });
    await kios.createOrder({ requestId: 'REQ-1', destination: { primaryParam: '081234567994' } });
    const checks = jest
      .spyOn(kios.supplier, 'checkStatus')
      .mockResolvedValueOnce({ status: 'in_doubt', reason: 'the supplier answered HTTP 502' });

    await expect(follow(kios, 'REQ-1')).resolves.toMatchObject({ settled: false });
    expect(await kios.orderEventTypes('REQ-1')).toHaveLength(4);
    await expect(follow(kios, 'REQ-1')).resolves.toMatchObject({ settled: true });
    expect(checks.mock.calls.map(([request]) => request.supplierRef)).toEqual([
      supplierReferenceFor('REQ-1'),
      supplierReferenceFor('REQ-1'),
    ]);
    expect(kios.purchases).toHaveBeenCalledTimes(1);
  });
});
