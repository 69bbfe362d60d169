import { randomUUID } from 'node:crypto';
import type { DanaClient, DanaInquiryResult, DanaOrder, PresignedRequest } from '@kios/dana-protocol';
import { supplierReferenceFor } from '@kios/fulfillment';
import type { RequestLogEntry, SupplierSim } from '../../apps/supplier-sim/src';
import { eventually } from './eventually';

export { digiflazzEnv } from './digiflazz-env';

export type Destination = { primaryParam: string; secondaryParam?: string };
export type Sold = { productId: string; price: string; destination: (end: string) => Destination };

/** Sample-catalog products that supplier-sim sells (their offers name its SKUs). */
export const telco: Sold = {
  productId: 'TSEL-10K',
  price: '1025000',
  destination: (end) => ({ primaryParam: `081234567${end}` }),
};
export const games: Sold = {
  productId: 'MLBB-86',
  price: '2350000',
  destination: (end) => ({ primaryParam: `123456${end}`, secondaryParam: '2345' }),
};

/**
 * DANA buying from a kios that buys from supplier-sim, with what an end-to-end test reads back:
 * Get Order Detail, and supplier-sim's own request log (`GET /_control/log`).
 */
export class DigiflazzShop {
  constructor(
    private readonly sim: SupplierSim,
    private readonly dana: () => DanaClient,
  ) {}

  async call<Body>(request: PresignedRequest): Promise<Body> {
    const reply = await this.dana().send(request);
    expect(reply.signature).toMatchObject({ ok: true });
    expect(reply.httpStatus).toBe(200);
    return reply.envelope.response.body as Body;
  }

  async orderDetail(requestId: string): Promise<DanaOrder> {
    const { orders } = await this.call<{ orders: DanaOrder[] }>(
      this.dana().presign('orderQuery', { orderIdentifiers: [{ requestId }] }),
    );
    return orders[0];
  }

  /** DANA's purchase: an inquiry, then Create Order at the catalog price. */
  async buy(sold: Sold, end: string) {
    const destinationInfo = sold.destination(end);
    const { inquiryResults } = await this.call<{ inquiryResults: DanaInquiryResult[] }>(
      this.dana().presign('destinationInquiry', {
        productId: sold.productId,
        destinationInfos: [destinationInfo],
      }),
    );
    expect(inquiryResults[0].inquiryStatus.code).toBe('10');
    const createBody = {
      requestId: `E2E-DF-${randomUUID()}`,
      productId: sold.productId,
      destinationInfo,
      danaSellingPrice: { value: sold.price, currency: 'IDR' },
      ...(inquiryResults[0].inquiryId
        ? { extendInfo: JSON.stringify({ inquiryId: inquiryResults[0].inquiryId }) }
        : {}),
    };
    const started = Date.now();
    const { order } = await this.call<{ order: DanaOrder }>(this.dana().presign('createOrder', createBody));
    return { order, createBody, answeredInMs: Date.now() - started };
  }

  async settlesAs(requestId: string, code: '10' | '30'): Promise<DanaOrder> {
    return eventually(async () => {
      const detail = await this.orderDetail(requestId);
      expect(detail.orderStatus.code).toBe(code);
      return detail;
    }, 15_000);
  }

  /** What supplier-sim logged, read as an operator would: `GET /_control/log`. */
  async simLog(): Promise<RequestLogEntry[]> {
    const response = await fetch(`${this.sim.url}/_control/log`);
    expect(response.status).toBe(200);
    return (await response.json()) as RequestLogEntry[];
  }

  /**
   * Every transaction call kios made for this destination went under the order's own reference, and
   * exactly one of them made a transaction: never a purchase under a new ref_id.
   */
  async expectOneRefOneTransaction(requestId: string, destination: Destination) {
    const customerNo = destination.primaryParam + (destination.secondaryParam ?? '');
    const calls = (await this.simLog()).filter(
      (entry) => entry.path === '/v1/transaction' && entry.customer_no === customerNo,
    );
    expect(calls.length).toBeGreaterThanOrEqual(1);
    expect(new Set(calls.map((entry) => entry.ref_id))).toEqual(new Set([supplierReferenceFor(requestId)]));
    expect(calls.filter((entry) => entry.created)).toHaveLength(1);
    expect(this.sim.transaction(supplierReferenceFor(requestId))).toBeDefined();
    return calls;
  }
}
