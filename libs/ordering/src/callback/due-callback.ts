import { isFinal, type FinalOrder, type OrderState } from '../order/order.state';

/** A callback to send now: attempt number `attempt` of the order's Order Complete Callback. */
export interface DueCallback {
  order: FinalOrder;
  attempt: number;
}

/**
 * Since when DANA waits for the callback: the final status, or the operator's retry request after it
 * was abandoned. Retries count their give-up time from here. (Callback events never change the
 * order's modifiedAt, so it stays the time the order became final.)
 */
export function callbackOwedSince(order: FinalOrder): Date {
  const { callback } = order;
  return (callback.status === 'owed' && callback.retryRequestedAt) || order.order.modifiedAt;
}

/**
 * Whether the order's callback is to be sent at `now`, judged on the order's own events (the outbox
 * read model may lag behind them): owed, and either never tried since it became owed or its next
 * attempt is due. An owed callback without a next attempt time is due at once, so it can never
 * stall unsent and unabandoned.
 */
export function dueCallback(state: OrderState, now: Date): DueCallback | undefined {
  if (!isFinal(state) || state.callback.status !== 'owed') return undefined;
  const { nextAttemptAt, attempts } = state.callback;
  if (nextAttemptAt !== undefined && nextAttemptAt.getTime() > now.getTime()) return undefined;
  return { order: state, attempt: attempts + 1 };
}
