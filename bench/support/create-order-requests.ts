import type { DanaClient, PresignedRequest } from '@kios/dana-protocol';
import type { AnswerCheck } from './bench-server';

/** A Create Order answer that reports the order SUCCESS. */
export const isSuccessfulOrder: AnswerCheck = (httpStatus, text) =>
  httpStatus === 200 && text.includes('"code":"10"');

/** A Create Order answer that reports the order SUCCESS or, for an order the supplier settles later, PENDING. */
export const isSuccessfulOrPendingOrder: AnswerCheck = (httpStatus, text) =>
  httpStatus === 200 && (text.includes('"code":"10"') || text.includes('"code":"20"'));

/**
 * The requestId of the order a Create Order answer reports PENDING; undefined for any other answer.
 * An order made to settle later (…992) may have settled before kios answered, when its answer took
 * longer than the simulator's delay, and any order the supplier did not answer within kios's budget
 * is PENDING too: the orders owed a callback are those answered PENDING, whatever they were made as.
 */
export function pendingOrderOf(answer: string): string | undefined {
  const order = (
    JSON.parse(answer) as {
      response?: { body?: { order?: { requestId?: string; orderStatus?: { code?: string } } } };
    }
  ).response?.body?.order;
  return order?.orderStatus?.code === '20' ? order.requestId : undefined;
}

/**
 * Distinct TSEL-10K telco orders that succeed at once: numbers ending in 5 hit no scenario of the
 * simulator's suffix table (docs/architecture.md §7), nor of supplier-sim's, which plays the same one.
 * With `pendingEvery` n, every n-th order ends in 992 instead: answered PENDING, it succeeds after
 * the simulator's delay and is called back.
 */
export class OrderFactory {
  private next = 0;
  private readonly run = Date.now().toString(36).toUpperCase();
  /** Orders made so far that end in 992. */
  pending = 0;

  constructor(
    private readonly client: DanaClient,
    private readonly pendingEvery = 0,
  ) {}

  presign(count: number): PresignedRequest[] {
    return Array.from({ length: count }, () => this.client.presign('createOrder', this.order()));
  }

  /** Outside the timed phases: kios's answers are signed with its key, and the order succeeded. */
  async verifyOne(): Promise<void> {
    const reply = await this.client.createOrder(this.order({ settlesLater: false }));
    const status = reply.envelope?.response?.body?.order?.orderStatus?.code;
    if (!reply.signature.ok || status !== '10') {
      throw new Error(
        `kios answered a Create Order unsigned or not SUCCESS: ${reply.bodyText.slice(0, 300)}`,
      );
    }
  }

  private order({ settlesLater = this.pendingEvery > 0 && (this.next + 1) % this.pendingEvery === 0 } = {}) {
    this.next += 1;
    if (settlesLater) this.pending += 1;
    const line = String(this.next % 10_000_000).padStart(7, '0');
    return {
      requestId: `BENCH-${this.run}-${this.next}`,
      productId: 'TSEL-10K',
      destinationInfo: { primaryParam: settlesLater ? `0812${line.slice(0, 5)}992` : `0812${line}5` },
      danaSellingPrice: { value: '1025000', currency: 'IDR' },
    };
  }
}
