import { Logger } from '@nestjs/common';
import { idr } from '@kios/dana-protocol';
import { inquiryStream } from '@kios/ordering';
import { plnPostpaid } from '@kios/testing';
import { orderingFixture } from './ordering.fixture';

beforeAll(() => Logger.overrideLogger(false));
afterAll(() => Logger.overrideLogger(['log', 'error', 'warn']));

describe('Create Order handler: bill-priced products', () => {
  const meter = { primaryParam: '532110012345' };

  async function inquiredBill() {
    const kios = await orderingFixture();
    const [answer] = await kios.inquire(plnPostpaid.productId, [meter]);
    if (answer.status !== 'valid') throw new Error(`expected a valid inquiry, got ${answer.status}`);
    return { kios, inquiry: answer.inquiry };
  }

  it('consumes the inquiry before placing the order, and keeps its bill', async () => {
    const { kios, inquiry } = await inquiredBill();
    const order = await kios.createOrder({
      requestId: 'REQ-BILL',
      productId: plnPostpaid.productId,
      destination: meter,
      price: inquiry.totalAmount,
      inquiryId: inquiry.inquiryId,
    });

    expect(order).toMatchObject({
      status: 'SUCCESS',
      inquiryId: inquiry.inquiryId,
      billAmounts: inquiry.amounts,
    });
    const [consumed] = await kios.store.readStream(inquiryStream(inquiry.inquiryId), { fromRevision: 1n });
    const [placed] = await kios.orderEvents('REQ-BILL');
    expect(consumed).toMatchObject({ type: 'InquiryConsumed', data: { requestId: 'REQ-BILL' } });
    expect(consumed.position.commit).toBeLessThan(placed.position.commit);
  });

  it('refuses a second order on the same inquiry', async () => {
    const { kios, inquiry } = await inquiredBill();
    const order = {
      productId: plnPostpaid.productId,
      destination: meter,
      price: inquiry.totalAmount,
      inquiryId: inquiry.inquiryId,
    };
    await kios.createOrder({ requestId: 'REQ-A', ...order });
    const second = await kios.createOrder({ requestId: 'REQ-B', ...order });

    expect(second).toMatchObject({
      status: 'FAILED',
      failure: {
        code: 'inquiry_rejected',
        reason: `inquiry ${inquiry.inquiryId} was already used by order REQ-A`,
      },
    });
    expect(kios.purchases).toHaveBeenCalledTimes(1);
  });

  it('refuses the order after all when another order used the inquiry between the check and the consumption', async () => {
    const { kios, inquiry } = await inquiredBill();
    const order = {
      productId: plnPostpaid.productId,
      destination: meter,
      price: inquiry.totalAmount,
      inquiryId: inquiry.inquiryId,
    };
    const read = kios.store.readStream.bind(kios.store);
    let raced = false;
    jest.spyOn(kios.store, 'readStream').mockImplementation(async (stream, options) => {
      const events = await read(stream, options);
      if (stream === inquiryStream(inquiry.inquiryId) && !raced) {
        // REQ-B has read the inquiry, still unused; REQ-A places its whole order before REQ-B goes on.
        raced = true;
        await kios.createOrder({ requestId: 'REQ-A', ...order });
      }
      return events;
    });

    const second = await kios.createOrder({ requestId: 'REQ-B', ...order });

    expect(second).toMatchObject({
      status: 'FAILED',
      failure: {
        code: 'inquiry_rejected',
        reason: `inquiry ${inquiry.inquiryId} was already used by order REQ-A`,
      },
    });
    expect(await kios.orderEventTypes('REQ-B')).toEqual(['OrderPlaced', 'OrderFailed']);
    expect(kios.purchases).toHaveBeenCalledTimes(1);
  });

  it('refuses a price other than the inquiry total and leaves the inquiry usable', async () => {
    const { kios, inquiry } = await inquiredBill();
    const wrong = await kios.createOrder({
      requestId: 'REQ-A',
      productId: plnPostpaid.productId,
      destination: meter,
      price: idr(inquiry.totalAmount.minor - 1n),
      inquiryId: inquiry.inquiryId,
    });
    expect(wrong).toMatchObject({ status: 'FAILED', failure: { code: 'inquiry_rejected' } });
    expect(wrong.failure?.reason).toContain(`does not match the inquiry total ${inquiry.totalAmount.minor}`);
    expect(await kios.store.readStream(inquiryStream(inquiry.inquiryId))).toHaveLength(1);

    const right = await kios.createOrder({
      requestId: 'REQ-B',
      productId: plnPostpaid.productId,
      destination: meter,
      price: inquiry.totalAmount,
      inquiryId: inquiry.inquiryId,
    });
    expect(right.status).toBe('SUCCESS');
  });

  it('refuses a bill order without an inquiryId', async () => {
    const { kios, inquiry } = await inquiredBill();
    const order = await kios.createOrder({
      requestId: 'REQ-A',
      productId: plnPostpaid.productId,
      destination: meter,
      price: inquiry.totalAmount,
    });
    expect(order).toMatchObject({ status: 'FAILED', failure: { code: 'inquiry_rejected' } });
  });
});
