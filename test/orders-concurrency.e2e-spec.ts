import type { DanaClient, DanaOrder, DanaReply } from '@kios/dana-protocol';
import { eventually } from './support/eventually';
import { KiosData } from './support/kios-data';
import { kiosForOrderTests, telcoOrderBody } from './support/order-tests';

const DUPLICATES = 100;
const SUPPLIER_BUDGET_MS = 1000;

describe('Create Order, one requestId sent 100 times at once', () => {
  const kios = kiosForOrderTests({
    KIOS_SUPPLIER_BUDGET_MS: String(SUPPLIER_BUDGET_MS),
    KIOS_FULFILMENT_FIRST_CHECK_MS: '150',
  });
  let dana: DanaClient;
  let data: KiosData;
  beforeAll(() => {
    dana = kios.client();
    data = new KiosData(kios.dataDir);
  });

  /** Signs every copy first (each with its own reqMsgId, as DANA's retries have), then sends them together. */
  async function sendAtOnce(body: object): Promise<DanaOrder[]> {
    const requests = Array.from({ length: DUPLICATES }, () => dana.presign('createOrder', body));
    const replies: DanaReply[] = await Promise.all(requests.map((request) => dana.send(request)));
    for (const reply of replies) {
      expect(reply.httpStatus).toBe(200);
      expect(reply.signature).toMatchObject({ ok: true });
    }
    return replies.map((reply) => reply.envelope.response.body.order as DanaOrder);
  }

  it('places one order, buys once, and gives all 100 the same answer', async () => {
    const body = telcoOrderBody('081234567345');
    const answers = await sendAtOnce(body);

    expect(new Set(answers.map((order) => order.orderId)).size).toBe(1);
    expect(answers.every((order) => order.orderStatus.code === '10')).toBe(true);
    expect(new Set(answers.map((order) => JSON.stringify(order))).size).toBe(1);
    expect(await data.orderEventTypes(body.requestId)).toEqual([
      'OrderPlaced',
      'FulfilmentRequested',
      'OrderSucceeded',
    ]);
    expect(data.supplierPurchaseCalls(body.requestId)).toEqual({ purchased: 1, repeated: 0 });

    const again = await dana.send(dana.presign('createOrder', body));
    expect(again.envelope.response.body.order).toEqual(answers[0]);
    expect(await data.orderEventTypes(body.requestId)).toHaveLength(3);
  });

  it('answers all 100 PENDING when the supplier does not answer in time, buys once, and settles once (…994)', async () => {
    const body = telcoOrderBody('081234567994');
    const answers = await sendAtOnce(body);

    expect(new Set(answers.map((order) => order.orderId)).size).toBe(1);
    expect(answers.every((order) => order.orderStatus.code === '20')).toBe(true);
    const final = await eventually(async () => {
      const reply = await dana.send(dana.presign('createOrder', body));
      expect(reply.envelope.response.body.order.orderStatus.code).toBe('10');
      return reply.envelope.response.body.order as DanaOrder;
    });
    expect(final.orderId).toBe(answers[0].orderId);
    expect(
      (await data.orderEventTypes(body.requestId)).filter((type) => type === 'OrderPlaced'),
    ).toHaveLength(1);
    expect(data.supplierPurchaseCalls(body.requestId)).toEqual({ purchased: 1, repeated: 0 });
  });
});
