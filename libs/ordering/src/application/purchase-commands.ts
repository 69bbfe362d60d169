import type { FinalPurchaseOutcome, PurchaseOutcome } from '@kios/fulfillment';
import type { OrderCommand, RecordOutcome } from '../order/order.commands';

export function recordOutcome(requestId: string, outcome: FinalPurchaseOutcome, now: Date): RecordOutcome {
  return { type: 'RecordOutcome', data: { requestId, outcome, now } };
}

/**
 * What Create Order records once the supplier answered or the budget ran out (docs/architecture.md §4
 * steps 3–4): a final outcome; PENDING when the supplier said so; in doubt and PENDING when the
 * answer is in_doubt (the adapter's word for an unusable answer, or the budget's for none: see
 * answerOrInDoubt), because the supplier may have bought. In doubt is never a failure.
 */
export function commandsForPurchase(requestId: string, outcome: PurchaseOutcome, now: Date): OrderCommand[] {
  const markPending: OrderCommand = { type: 'MarkPending', data: { requestId, now } };
  switch (outcome.status) {
    case 'in_doubt':
      return [{ type: 'MarkInDoubt', data: { requestId, reason: outcome.reason, now } }, markPending];
    case 'pending':
      return [markPending];
    case 'succeeded':
    case 'failed':
      return [recordOutcome(requestId, outcome, now)];
  }
}
