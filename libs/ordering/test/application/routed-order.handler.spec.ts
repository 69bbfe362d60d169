import { Logger } from '@nestjs/common';
import { idr } from '@kios/dana-protocol';
import { attemptReferenceFor } from '@kios/fulfillment';
import type { Sale } from '@kios/ordering';
import { routedOrderingFixture } from './routed-ordering.fixture';

beforeAll(() => Logger.overrideLogger(false));
afterAll(() => Logger.overrideLogger(['log', 'error', 'warn']));

const ref = (attempt: number) => attemptReferenceFor('REQ-1', attempt);

describe('Create Order and the follow-up with several suppliers (KIOS_SUPPLIER=routed)', () => {
  it('buys from the cheapest offer, naming its sku, and stops there on success', async () => {
    const kios = await routedOrderingFixture({ a: ['success'], b: ['success'] });
    await expect(kios.createOrder('REQ-1')).resolves.toMatchObject({ status: 'SUCCESS' });
    expect(kios.members[0].calls).toEqual([{ call: 'purchase', supplierRef: ref(1), sku: 'A-TSEL10' }]);
    expect(kios.members[1].calls).toEqual([]);
  });

  it('a final failure at the cheapest is bought at the next within the same Create Order: one purchase in all', async () => {
    const kios = await routedOrderingFixture({ a: ['failure'], b: ['success'] });
    await expect(kios.createOrder('REQ-1')).resolves.toMatchObject({ status: 'SUCCESS' });
    expect(kios.members[1].calls).toEqual([{ call: 'purchase', supplierRef: ref(2), sku: 'B-TSEL10' }]);
    expect(kios.soldRefs()).toEqual([`b:${ref(2)}`]);
    expect(await kios.eventTypes('REQ-1')).toEqual([
      'OrderPlaced',
      'FulfilmentRequested',
      'FulfilmentAttemptFailed',
      'FulfilmentRequested',
      'OrderSucceeded',
    ]);
  });

  it('a refused connection at the cheapest goes to the next at once', async () => {
    const kios = await routedOrderingFixture({ a: ['refused'], b: ['success'] });
    await expect(kios.createOrder('REQ-1')).resolves.toMatchObject({ status: 'SUCCESS' });
    expect(kios.soldRefs()).toEqual([`b:${ref(2)}`]);
  });

  it('a timeout at the cheapest stays there: PENDING, and the late success is the outcome; the next is never asked', async () => {
    const kios = await routedOrderingFixture({ a: ['timeout_then_success'], b: ['success'] });
    await expect(kios.createOrder('REQ-1')).resolves.toMatchObject({ status: 'PENDING' });
    await expect(kios.followUp('REQ-1')).resolves.toMatchObject({ settled: true });
    expect(await kios.state('REQ-1')).toMatchObject({
      status: 'succeeded',
      receipt: { serialNumber: `a-${ref(1)}` },
    });
    expect(kios.members[1].calls).toEqual([]);
  });

  it('a pending answer that turns into a failure moves on in the follow-up, which buys at the next', async () => {
    const kios = await routedOrderingFixture({ a: ['pending_then_failure'], b: ['success'] });
    await expect(kios.createOrder('REQ-1')).resolves.toMatchObject({ status: 'PENDING' });
    await expect(kios.followUp('REQ-1')).resolves.toMatchObject({ settled: true });
    expect(await kios.state('REQ-1')).toMatchObject({ status: 'succeeded', callback: { status: 'owed' } });
    expect(kios.soldRefs()).toEqual([`b:${ref(2)}`]);
  });

  it('every supplier failing fails the order with every reason', async () => {
    const kios = await routedOrderingFixture({ a: ['failure'], b: ['failure'] });
    await expect(kios.createOrder('REQ-1')).resolves.toMatchObject({ status: 'FAILED' });
    expect(await kios.state('REQ-1')).toMatchObject({
      status: 'failed',
      failure: {
        code: 'supplier_failed',
        reason: 'a: a: rc 02 Transaksi Gagal; b: b: rc 02 Transaksi Gagal',
      },
    });
  });

  it('a refused connection with no other offer left is in doubt and PENDING, not a failure', async () => {
    const kios = await routedOrderingFixture({ a: ['refused'] });
    await expect(kios.createOrder('REQ-1')).resolves.toMatchObject({ status: 'PENDING' });
    expect(await kios.state('REQ-1')).toMatchObject({ status: 'in_doubt', order: { answeredPending: true } });
  });
});

describe('sales of routed orders (kios_supplier_sales_total, the cost-breach ALERT)', () => {
  it('tells the observer of each sale, with its supplier, DANA’s price and the cost, once', async () => {
    const sold: Sale[] = [];
    const kios = await routedOrderingFixture(
      { a: ['failure'], b: ['pending_then_success'] },
      { costs: { b: idr(1_005_000) }, sales: { sold: (sale) => sold.push(sale) } },
    );
    await kios.createOrder('REQ-1');
    expect(sold).toEqual([]);
    await kios.followUp('REQ-1');
    await kios.followUp('REQ-1');
    expect(sold).toEqual([{ requestId: 'REQ-1', supplier: 'b', sold: idr(1_025_000), cost: idr(1_005_000) }]);
  });

  it('alerts an operator when the cost broke the offer’s maxCost, and still records the success', async () => {
    const sold: Sale[] = [];
    const alerts = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const kios = await routedOrderingFixture(
      { a: ['success'] },
      { costs: { a: idr(1_000_100) }, sales: { sold: (sale) => sold.push(sale) } },
    );
    await expect(kios.createOrder('REQ-1')).resolves.toMatchObject({ status: 'SUCCESS' });
    expect(sold[0].costBreach).toBe('cost 1000100 is above maxCost 1000000 (minor units)');
    expect(alerts).toHaveBeenCalledWith(
      expect.stringMatching(/^OPERATOR ALERT: order REQ-1 sold by a: cost 1000100/),
    );
    alerts.mockRestore();
  });
});
