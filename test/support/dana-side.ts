import type { DanaClient, DanaReply } from '@kios/dana-protocol';
import { eventually } from './eventually';
import type { KiosData } from './kios-data';
import { statusesOf, type telcoOrderBody } from './order-tests';

/** DANA's side of Create Order while a store fails (test/store-faults.e2e-spec.ts). */

export type Body = ReturnType<typeof telcoOrderBody>;

/** DANA's side of Create Order: what each order was answered, every answer's signature checked. */
export class DanaSide {
  /** requestId → the order status a 200 told DANA. */
  readonly told = new Map<string, string>();

  constructor(private readonly client: DanaClient) {}

  async createOrder(body: Body): Promise<DanaReply> {
    const reply = await this.client.createOrder(body);
    expect({ status: reply.httpStatus, signed: reply.signature.ok }).toMatchObject({ signed: true });
    if (reply.httpStatus === 200) {
      this.told.set(body.requestId, reply.envelope.response.body.order.orderStatus.status as string);
    }
    return reply;
  }

  /** Sends `body` again, as DANA retries an order it got no 200 for, until one comes. */
  async retryUntilAnswered(body: Body): Promise<string> {
    return eventually(async () => {
      const reply = await this.createOrder(body);
      expect(reply.httpStatus).toBe(200);
      return this.told.get(body.requestId)!;
    }, 20_000);
  }

  /** Every order DANA was told about is stored (Get Order Detail folds the stream), at its status or later. */
  async expectEveryToldOrderStored(): Promise<void> {
    const statuses = await statusesOf(this.client, [...this.told.keys()]);
    for (const [requestId, status] of this.told) {
      const stored = statuses.get(requestId);
      if (status === 'PENDING')
        expect([requestId, stored]).toEqual([requestId, expect.stringMatching(/^(PENDING|SUCCESS)$/)]);
      else expect([requestId, stored]).toEqual([requestId, status]);
    }
  }
}

export const resultOf = (reply: DanaReply) => ({
  httpStatus: reply.httpStatus,
  signed: reply.signature.ok,
  ...reply.envelope.response.body.resultInfo,
});

export const NOT_STORED = {
  httpStatus: 503,
  signed: true,
  resultStatus: 'F',
  resultCode: 'ORDER_NOT_STORED',
};

/** Each order bought at most once, and once for each DANA was told SUCCESS. */
export function expectBoughtOnce(data: KiosData, dana: DanaSide, requestIds: string[]): void {
  for (const requestId of requestIds) {
    const { purchased } = data.supplierPurchaseCalls(requestId);
    const expected = dana.told.get(requestId) === 'SUCCESS' ? 1 : expect.any(Number);
    expect({ requestId, purchased }).toEqual({ requestId, purchased: expected });
    expect(purchased).toBeLessThanOrEqual(1);
  }
}
