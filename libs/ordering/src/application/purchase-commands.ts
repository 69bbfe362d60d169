import type { FinalPurchaseOutcome, PurchaseOutcome } from '@kios/fulfillment';
import type { OrderCommand, RecordOutcome } from '../order/order.commands';
import type { DeadlineOutcome } from './supplier-deadline';

export function recordOutcome(requestId: string, outcome: FinalPurchaseOutcome, now: Date): RecordOutcome {
  return { type: 'RecordOutcome', data: { requestId, outcome, now } };
}

/**
 * What Create Order records once the supplier answered or the budget ran out (docs/architecture.md §4
 * steps 3–4): a final outcome; PENDING when the supplier said so; in doubt and PENDING without an
 * answer, because the supplier may have bought.
 */
export function commandsForPurchase(
  requestId: string,
  purchase: DeadlineOutcome<PurchaseOutcome>,
  now: Date,
): OrderCommand[] {
  const markPending: OrderCommand = { type: 'MarkPending', data: { requestId, now } };
  if (!purchase.answered) {
    return [{ type: 'MarkInDoubt', data: { requestId, reason: purchase.reason, now } }, markPending];
  }
  const outcome = purchase.value;
  return outcome.status === 'pending' ? [markPending] : [recordOutcome(requestId, outcome, now)];
}
