import { randomUUID } from 'node:crypto';
import type { DanaClient, DanaOrder } from '@kios/dana-protocol';

/*
 * DANA's Create Orders over the simulator's (and supplier-sim's) scenario table, for the tests and
 * tools that crash kios under load: the multi-replica e2e test and `npm run chaos`.
 */

/** The suffix table's ends (docs/architecture.md §7) and where each order ends. */
export const SCENARIOS = [
  { end: '345', final: 'SUCCESS' }, // success at once
  { end: '991', final: 'FAILED' }, // failure at once
  { end: '992', final: 'SUCCESS' }, // pending, then success
  { end: '993', final: 'FAILED' }, // pending, then failure
  { end: '994', final: 'SUCCESS' }, // answered after kios's supplier timeout: pending, then success
] as const;

/** A Create Order body for Telkomsel credit at its catalog price, under a requestId of its own. */
export function telcoOrderBody(primaryParam: string) {
  return {
    requestId: `E2E-${randomUUID()}`,
    productId: 'TSEL-10K',
    destinationInfo: { primaryParam },
    danaSellingPrice: { value: '1025000', currency: 'IDR' },
  };
}

export interface SpreadOrder {
  body: ReturnType<typeof telcoOrderBody>;
  final: 'SUCCESS' | 'FAILED';
  /** Create Order's answer, once one came. */
  answer?: DanaOrder;
  /** The replica (index) that answered it. */
  answeredBy?: number;
  /** Sends that got no answer (the replica was killed under it, or was down). */
  unanswered: number;
}

const RETRY_AFTER_MS = 100;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * DANA sending `count` Create Orders, the scenarios in turn, `concurrency` at a time, order i to
 * replica i mod n first. An order that got no answer is sent again under the same requestId to the
 * next replica, as DANA retries after a timeout, until one answers. `clients()` gives each replica's
 * client now (a restarted replica keeps its port). `answered` counts orders answered so far.
 */
export function spreadOrders(clients: () => DanaClient[], count: number, concurrency: number) {
  const orders: SpreadOrder[] = Array.from({ length: count }, (_, i) => {
    const { end, final } = SCENARIOS[i % SCENARIOS.length];
    return { body: telcoOrderBody(`0813${String(i).padStart(5, '0')}${end}`), final, unanswered: 0 };
  });
  let answered = 0;
  const send = async (order: SpreadOrder, first: number) => {
    for (let attempt = 0; ; attempt += 1) {
      const replica = (first + attempt) % clients().length;
      const client = clients()[replica];
      try {
        const reply = await client.send(client.presign('createOrder', order.body), { timeoutMs: 10_000 });
        if (reply.httpStatus === 200 && reply.signature.ok) {
          order.answer = reply.envelope.response.body.order;
          order.answeredBy = replica;
          answered += 1;
          return;
        }
      } catch {
        // No answer: the replica died under the request, or is not listening yet.
      }
      order.unanswered += 1;
      await sleep(RETRY_AFTER_MS);
    }
  };
  let next = 0;
  const done = Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < count; i = next++) await send(orders[i], i);
    }),
  ).then(() => orders);
  return {
    get answered(): number {
      return answered;
    },
    /** Resolves with every order once each was answered. */
    done,
  };
}
