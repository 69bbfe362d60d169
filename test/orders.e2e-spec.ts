import { randomUUID } from 'node:crypto';
import type { DanaClient, DanaInquiryResult, DanaOrder, PresignedRequest } from '@kios/dana-protocol';
import { eventually } from './support/eventually';
import { KiosData } from './support/kios-data';
import { kiosForOrderTests } from './support/order-tests';

/** Settings that keep every §7 path short: pending settles after 700 ms, the supplier budget is 1 s. */
const SIM_DELAY_MS = 700;
const SUPPLIER_BUDGET_MS = 1000;

type Destination = { primaryParam: string; secondaryParam?: string };

/** One product per module and a destination ending in the scenario's three digits (docs/architecture.md §7). */
const modules = [
  {
    module: 'telco',
    productId: 'TSEL-10K',
    catalogPrice: '1025000',
    destination: (end: string): Destination => ({ primaryParam: `081234567${end}` }),
  },
  {
    module: 'biller',
    productId: 'PLN-POSTPAID',
    catalogPrice: undefined,
    destination: (end: string): Destination => ({ primaryParam: `532110012${end}` }),
  },
  {
    module: 'games',
    productId: 'MLBB-86',
    catalogPrice: '2350000',
    destination: (end: string): Destination => ({ primaryParam: `123456${end}`, secondaryParam: '2345' }),
  },
];

type Module = (typeof modules)[number];

describe('Destination Inquiry, Create Order and Get Order Detail over HTTP', () => {
  const kios = kiosForOrderTests({
    KIOS_SIM_DELAY_MS: String(SIM_DELAY_MS),
    KIOS_SUPPLIER_BUDGET_MS: String(SUPPLIER_BUDGET_MS),
    KIOS_FULFILMENT_FIRST_CHECK_MS: '150',
    KIOS_FULFILMENT_MAX_CHECK_INTERVAL_MS: '400',
  });
  let dana: DanaClient;
  beforeAll(() => {
    dana = kios.client();
  });

  /** Sends a signed request and returns the verified body of kios's signed answer. */
  async function call<Body>(request: PresignedRequest): Promise<Body> {
    const reply = await dana.send(request);
    expect(reply.signature).toMatchObject({ ok: true });
    expect(reply.httpStatus).toBe(200);
    return reply.envelope.response.body as Body;
  }

  const inquire = async (productId: string, destinationInfos: Destination[]) =>
    (
      await call<{ inquiryResults: DanaInquiryResult[] }>(
        dana.presign('destinationInquiry', { productId, destinationInfos }),
      )
    ).inquiryResults;

  const createOrder = async (body: object) =>
    (await call<{ order: DanaOrder }>(dana.presign('createOrder', body))).order;

  const orderDetails = async (requestIds: string[]) =>
    (
      await call<{ orders: DanaOrder[] }>(
        dana.presign('orderQuery', { orderIdentifiers: requestIds.map((requestId) => ({ requestId })) }),
      )
    ).orders;

  const orderDetail = async (requestId: string) => (await orderDetails([requestId]))[0];

  /** DANA's purchase: an inquiry, then Create Order charging what the inquiry (or the catalog) says. */
  async function buy(m: Module, end: string) {
    const destinationInfo = m.destination(end);
    const [inquiry] = await inquire(m.productId, [destinationInfo]);
    const createBody = {
      requestId: `E2E-${randomUUID()}`,
      productId: m.productId,
      destinationInfo,
      danaSellingPrice: { value: m.catalogPrice ?? inquiry.totalAmount!.value, currency: 'IDR' },
      ...(inquiry.inquiryId ? { extendInfo: JSON.stringify({ inquiryId: inquiry.inquiryId }) } : {}),
    };
    const order = await createOrder(createBody);
    // Whatever Create Order answered, Get Order Detail answers the same right away.
    expect(await orderDetail(createBody.requestId)).toEqual(order);
    return { inquiry, order, createBody };
  }

  /** Waits for the final status, then checks that Create Order repeated answers the same final order. */
  async function settlesAs(createBody: { requestId: string }, code: '10' | '30'): Promise<DanaOrder> {
    const final = await eventually(async () => {
      const detail = await orderDetail(createBody.requestId);
      expect(detail.orderStatus.code).toBe(code);
      return detail;
    }, 10_000);
    expect(await createOrder(createBody)).toEqual(final);
    return final;
  }

  function expectDelivered(m: Module, order: DanaOrder, createBody: { danaSellingPrice: { value: string } }) {
    expect(order.orderStatus).toEqual({ code: '10', status: 'SUCCESS', message: 'Success' });
    expect(order.serialNumber).toMatch(/^\d{16}$/);
    expect(order.product).toMatchObject({ productId: m.productId, price: createBody.danaSellingPrice });
    if (m.catalogPrice === undefined) {
      const amounts = JSON.parse(order.extendInfo!);
      const sum = ['baseAmount', 'adminFee', 'fineAmount'].reduce(
        (total, key) => total + BigInt(amounts[key].value),
        0n,
      );
      expect(sum.toString()).toBe(order.product.price.value);
    }
  }

  describe.each(modules)('$module', (m) => {
    it('success: a valid destination, and the order succeeds at once with a serial number', async () => {
      const { inquiry, order, createBody } = await buy(m, '345');
      expect(inquiry).toMatchObject({
        inquiryId: expect.stringMatching(/^INQ-/),
        inquiryStatus: { code: '10', status: 'SUCCESS' },
        destinationInfo: m.destination('345'),
      });
      const { baseAmount, adminFee, fineAmount, totalAmount } = inquiry;
      expect(BigInt(baseAmount!.value) + BigInt(adminFee!.value) + BigInt(fineAmount!.value)).toBe(
        BigInt(totalAmount!.value),
      );
      if (m.catalogPrice !== undefined) expect(totalAmount!.value).toBe(m.catalogPrice);
      if (m.module !== 'telco') expect(inquiry.customerName).toEqual(expect.any(String));
      if (m.module === 'biller')
        expect(inquiry).toMatchObject({ dueDate: expect.stringMatching(/\+07:00$/) });
      expect(order).toMatchObject({
        requestId: createBody.requestId,
        orderId: expect.stringMatching(/^ORD-/),
        createdTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$/),
        destinationInfo: m.destination('345'),
        token: '',
      });
      expectDelivered(m, order, createBody);
    });

    it('invalid destination (…990): inquiry code 20, and the order fails', async () => {
      const { inquiry, order } = await buy(m, '990');
      expect(inquiry.inquiryStatus).toMatchObject({ code: '20', status: 'FAILED' });
      expect(inquiry.inquiryId).toBeUndefined();
      expect(order.orderStatus).toMatchObject({ code: '30', status: 'FAILED' });
    });

    it('immediate failure (…991): a valid destination, and the supplier rejects the order at once', async () => {
      const { inquiry, order } = await buy(m, '991');
      expect(inquiry.inquiryStatus.code).toBe('10');
      expect(order.orderStatus).toEqual({
        code: '30',
        status: 'FAILED',
        message: 'the supplier rejected the purchase',
      });
    });

    it('pending → success (…992)', async () => {
      const { order, createBody } = await buy(m, '992');
      expect(order.orderStatus).toEqual({ code: '20', status: 'PENDING', message: 'Pending' });
      expect(order.serialNumber).toBe('');
      const final = await settlesAs(createBody, '10');
      expectDelivered(m, final, createBody);
      expect(final.orderId).toBe(order.orderId);
    });

    it('pending → failed (…993)', async () => {
      const { order, createBody } = await buy(m, '993');
      expect(order.orderStatus.code).toBe('20');
      const final = await settlesAs(createBody, '30');
      expect(final.orderStatus.message).toBe('the supplier could not complete the purchase');
    });

    it('in doubt → success (…994): PENDING within the supplier budget, then a status check finds it bought', async () => {
      const started = Date.now();
      const { order, createBody } = await buy(m, '994');
      expect(Date.now() - started).toBeGreaterThanOrEqual(SUPPLIER_BUDGET_MS);
      expect(Date.now() - started).toBeLessThan(SUPPLIER_BUDGET_MS + 2000);
      expect(order.orderStatus.code).toBe('20');
      const final = await settlesAs(createBody, '10');
      expectDelivered(m, final, createBody);

      const data = new KiosData(kios.dataDir);
      expect(await data.orderEventTypesWithoutCallbacks(createBody.requestId)).toEqual([
        'OrderPlaced',
        'FulfilmentRequested',
        'FulfilmentInDoubt',
        'OrderMarkedPending',
        'OrderSucceeded',
      ]);
      expect(data.supplierPurchaseCalls(createBody.requestId)).toEqual({ purchased: 1, repeated: 0 });
    });
  });

  it('biller: a bill already paid (…996) is inquiry code 27', async () => {
    const [inquiry] = await inquire('PLN-POSTPAID', [{ primaryParam: '532110012996' }]);
    expect(inquiry.inquiryStatus).toEqual({ code: '27', status: 'FAILED', message: 'Bill already paid' });
  });

  it('answers a batch inquiry destination by destination, in the order sent', async () => {
    const results = await inquire('TSEL-10K', [
      { primaryParam: '081234567990' },
      { primaryParam: '081234567123' },
      { primaryParam: '0857-1234-5678' },
    ]);
    expect(results.map((result) => [result.destinationInfo.primaryParam, result.inquiryStatus.code])).toEqual(
      [
        ['081234567990', '20'],
        ['081234567123', '10'],
        ['0857-1234-5678', '20'],
      ],
    );
  });

  it('delivers the token of prepaid electricity and the code of a voucher', async () => {
    for (const [productId, primaryParam, price, token] of [
      ['PLN-TOKEN-50K', '14234567890', '5250000', /^\d{20}$/],
      ['GPLAY-50K', 'buyer@example.com', '5100000', /^[A-Z2-9]{16}$/],
    ] as const) {
      const order = await createOrder({
        requestId: `E2E-${randomUUID()}`,
        productId,
        destinationInfo: { primaryParam },
        danaSellingPrice: { value: price, currency: 'IDR' },
      });
      expect(order.orderStatus.code).toBe('10');
      expect(order.token).toMatch(token);
    }
  });

  it('never fulfils an order charged other than the catalog price, and says why', async () => {
    const requestId = `E2E-${randomUUID()}`;
    const order = await createOrder({
      requestId,
      productId: 'TSEL-10K',
      destinationInfo: { primaryParam: '081234567345' },
      danaSellingPrice: { value: '1000000', currency: 'IDR' },
    });
    expect(order.orderStatus).toEqual({
      code: '30',
      status: 'FAILED',
      message: 'danaSellingPrice 1000000 does not match the product price 1025000',
    });
    expect(order.serialNumber).toBe('');
  });

  it('never fulfils a bill order charged other than the inquiry total', async () => {
    const [inquiry] = await inquire('PLN-POSTPAID', [{ primaryParam: '532110012345' }]);
    const order = await createOrder({
      requestId: `E2E-${randomUUID()}`,
      productId: 'PLN-POSTPAID',
      destinationInfo: { primaryParam: '532110012345' },
      danaSellingPrice: { value: String(BigInt(inquiry.totalAmount!.value) + 100n), currency: 'IDR' },
      extendInfo: JSON.stringify({ inquiryId: inquiry.inquiryId }),
    });
    expect(order.orderStatus).toMatchObject({ code: '30', status: 'FAILED' });
    expect(order.orderStatus.message).toContain(
      `does not match the inquiry total ${inquiry.totalAmount!.value}`,
    );
  });

  it('answers Get Order Detail per identifier: known orders, and 40 EMPTY only for requestIds never seen', async () => {
    const { createBody, order } = await buy(modules[0], '345');
    const unknown = `E2E-${randomUUID()}`;
    const orders = await orderDetails([unknown, createBody.requestId]);
    expect(orders).toEqual([
      { requestId: unknown, orderStatus: { code: '40', status: 'EMPTY', message: 'Order Not Found' } },
      order,
    ]);
  });
});
