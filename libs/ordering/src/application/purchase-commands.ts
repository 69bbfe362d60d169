import type { FinalPurchaseOutcome, PurchaseOutcome } from '@kios/fulfillment';
import type { OrderCommand, RecordOutcome, Route } from '../order/order.commands';

/**
 * Which attempt an answer is about, and where the order could go next: `supplierRef` the reference
 * the call was made under; `route` the offers a routed kios would buy from now (absent: one supplier);
 * `firstCall` true only for the caller that made the attempt's first call, the one that can know a
 * refused connection sent nothing (docs/architecture.md §4 step 4, failover).
 */
export type AnswerContext = { supplierRef?: string; route?: Route; firstCall?: boolean };

export function recordOutcome(
  requestId: string,
  outcome: FinalPurchaseOutcome,
  now: Date,
  context: AnswerContext = {},
): RecordOutcome {
  return {
    type: 'RecordOutcome',
    data: {
      requestId,
      outcome,
      ...(context.supplierRef === undefined ? {} : { supplierRef: context.supplierRef }),
      ...(context.route === undefined ? {} : { route: context.route }),
      now,
    },
  };
}

/**
 * What Create Order records once the supplier answered or the budget ran out (docs/architecture.md §4
 * steps 3–4): a final outcome; PENDING when the supplier said so; in doubt and PENDING when the
 * answer is in_doubt (the adapter's word for an unusable answer, or the budget's for none: see
 * answerOrInDoubt), because the supplier may have bought. In doubt is never a failure. A failure, or
 * a refused first call, may move a routed order to its next offer instead (the decider's rule).
 */
export function commandsForPurchase(
  requestId: string,
  outcome: PurchaseOutcome,
  now: Date,
  context: AnswerContext = {},
): OrderCommand[] {
  const markPending: OrderCommand = { type: 'MarkPending', data: { requestId, now } };
  switch (outcome.status) {
    case 'in_doubt': {
      const refused = context.firstCall === true && outcome.nothingSent === true;
      const markInDoubt: OrderCommand = {
        type: 'MarkInDoubt',
        data: {
          requestId,
          reason: outcome.reason,
          ...(refused ? { nothingSent: true } : {}),
          ...(refused && context.route !== undefined ? { route: context.route } : {}),
          now,
        },
      };
      // A refused call that moved the order on leaves a fresh attempt to buy, not a PENDING answer.
      return refused ? [markInDoubt] : [markInDoubt, markPending];
    }
    case 'pending':
      return [markPending];
    case 'succeeded':
    case 'failed':
      return [recordOutcome(requestId, outcome, now, context)];
  }
}
