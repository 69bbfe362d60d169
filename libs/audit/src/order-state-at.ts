import { orderDecider, orderStream, type OrderState } from '@kios/ordering';
import type { OrderHistory } from './order-history';

/** The order as it stood at an instant, and how much of its history that took. */
export interface OrderStateAt {
  requestId: string;
  at: Date;
  state: OrderState;
  /** Order events recorded at or before `at`, out of `orderEventCount`. */
  eventsApplied: number;
  orderEventCount: number;
  /** When the order's first event was recorded. */
  firstRecordedAt: Date;
}

/** Folds the order's events recorded at or before `at`, exactly as the order decider rebuilds state. */
export function orderStateAt(history: OrderHistory, at: Date): OrderStateAt {
  const own = history.events.filter((event) => event.stream === orderStream(history.requestId));
  const applied = own.filter((event) => event.recordedAt.getTime() <= at.getTime());
  return {
    requestId: history.requestId,
    at,
    state: applied.reduce(
      (state, event) => orderDecider.evolve(state, orderDecider.decode(event)),
      orderDecider.initialState,
    ),
    eventsApplied: applied.length,
    orderEventCount: own.length,
    firstRecordedAt: own[0].recordedAt,
  };
}
