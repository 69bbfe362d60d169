import { decideInSequence } from '../application/decide-in-sequence';
import type { OrderCommand, RecordCallbackAttempt } from '../order/order.commands';
import { orderDecider } from '../order/order.decider';
import type { OrderEvent } from '../order/order.events';
import { isFinal, type OrderState } from '../order/order.state';
import type { CallbackVerdict } from './callback-verdict';
import { callbackOwedSince } from './due-callback';
import { nextAttemptAt, type RetryPolicy } from './retry-policy';

/** How attempt `attempt` of an order's callback ended. */
export interface CallbackResult {
  requestId: string;
  attempt: number;
  verdict: CallbackVerdict;
  now: Date;
}

function describeWindow(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/**
 * The order's callback commands for one result:
 * - accepted → delivered;
 * - refused (`F`) → the attempt, then abandoned at once: DANA said no, and a blind retry would say the same;
 * - unknown → the attempt with its next time, or, past the give-up time, the attempt then abandoned.
 * A failed attempt is always recorded, so auditors see every attempt and later ones number on from it.
 */
function callbackCommands(state: OrderState, result: CallbackResult, policy: RetryPolicy): OrderCommand[] {
  const { requestId, attempt, verdict, now } = result;
  if (verdict.kind === 'accepted') {
    return [{ type: 'RecordCallbackDelivered', data: { requestId, attempt, now } }];
  }
  const tried = (next?: Date): RecordCallbackAttempt => ({
    type: 'RecordCallbackAttempt',
    data: { requestId, attempt, reason: verdict.reason, nextAttemptAt: next, now },
  });
  const abandon = (reason: string): OrderCommand => ({
    type: 'AbandonCallback',
    data: { requestId, reason, now },
  });
  if (verdict.kind === 'refused') return [tried(), abandon(verdict.reason)];
  // Not final: the decider refuses the attempt with the reason, so no time needs computing.
  const next = isFinal(state)
    ? nextAttemptAt(policy, { failedAttempt: attempt, owedSince: callbackOwedSince(state), now })
    : undefined;
  if (next) return [tried(next)];
  return [
    tried(),
    abandon(
      `gave up after ${attempt} attempt(s) in ${describeWindow(policy.giveUpAfterMs)}; last: ${verdict.reason}`,
    ),
  ];
}

/**
 * Decides the events for one callback result against the order as it is now (re-read just before
 * appending), all in one decision so that "tried for the last time" and "abandoned" are stored
 * together: a crash between them would leave a callback nobody sends and nobody gave up on.
 */
export function decideCallbackResult(
  state: OrderState,
  result: CallbackResult,
  policy: RetryPolicy,
): OrderEvent[] {
  return decideInSequence(orderDecider, callbackCommands(state, result, policy), state);
}
