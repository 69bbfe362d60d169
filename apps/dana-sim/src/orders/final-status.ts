import { setTimeout as sleep } from 'node:timers/promises';
import type { DanaOrder, DanaOrderNotFound, DanaStatus } from '@kios/dana-protocol';
import { callbackRefusal, type ReceivedCallback } from '../callbacks/callback-receiver';
import type { CallbackSource } from '../callbacks/callback-source';
import { acceptedBody, type KiosApi } from '../kios/kios-api';

/** SUCCESS and FAILED never change (docs/dana-protocol.md §5.4). */
export function isFinal(status: DanaStatus | undefined): boolean {
  return status?.status === 'SUCCESS' || status?.status === 'FAILED';
}

export interface Patience {
  timeoutMs: number;
  pollMs: number;
}

/** One order by Get Order Detail: the full order, or the `40 EMPTY` stub. */
export async function orderDetail(api: KiosApi, requestId: string): Promise<DanaOrder | DanaOrderNotFound> {
  const { orders } = acceptedBody(await api.orderDetail([requestId]), 'Get Order Detail');
  const order = orders?.[0];
  if (!order) throw new Error(`kios answered Get Order Detail for ${requestId} with no order`);
  return order;
}

/** Asks Get Order Detail until the order is final or time is up; the last answer either way. */
export async function pollUntilFinal(
  api: KiosApi,
  requestId: string,
  patience: Patience,
): Promise<DanaOrder | DanaOrderNotFound> {
  const deadline = performance.now() + patience.timeoutMs;
  for (;;) {
    const order = await orderDetail(api, requestId);
    if (isFinal(order.orderStatus) || performance.now() >= deadline) return order;
    await sleep(patience.pollMs);
  }
}

/** The first callback for `requestId` with a final status, or undefined when none came in time. */
export async function waitForCallback(
  source: CallbackSource,
  requestId: string,
  patience: Patience,
): Promise<ReceivedCallback | undefined> {
  const deadline = performance.now() + patience.timeoutMs;
  for (;;) {
    const callback = (await source.callbacksFor(requestId)).find((received) => isFinal(received.orderStatus));
    if (callback || performance.now() >= deadline) return callback;
    await sleep(patience.pollMs);
  }
}

export type FinalStatus =
  | { via: 'callback'; callback: ReceivedCallback; afterMs: number }
  /** A final callback came but the receiver did not accept it; `reason` is why, as it answered kios. */
  | { via: 'refused'; callback: ReceivedCallback; reason: string; afterMs: number }
  | { via: 'detail'; order: DanaOrder | DanaOrderNotFound; afterMs: number; callbackMissing: boolean }
  | { via: 'timeout'; order: DanaOrder | DanaOrderNotFound; afterMs: number };

export interface FinalStatusWait extends Patience {
  /** How long a callback may trail a final Get Order Detail before the detail is taken as the answer. */
  callbackGraceMs: number;
}

/**
 * How a PENDING order ended, the way DANA learns it: from the Order Complete Callback, or from Get
 * Order Detail when no callback comes (no receiver, or none within `callbackGraceMs` of the order
 * becoming final there). A final callback the receiver refused is not the order's end as DANA
 * learns it: it is reported as refused, with the receiver's reason — at once when the answer was
 * `F` (kios abandons such a callback), else once `callbackGraceMs` passed without kios's retry
 * being accepted.
 */
export async function awaitFinalStatus(
  api: KiosApi,
  requestId: string,
  source: CallbackSource | undefined,
  wait: FinalStatusWait,
): Promise<FinalStatus> {
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  let finalSeenAt: number | undefined;
  let refusedSeenAt: number | undefined;
  let order: DanaOrder | DanaOrderNotFound | undefined;
  for (;;) {
    const finalCallbacks = source
      ? (await source.callbacksFor(requestId)).filter((received) => isFinal(received.orderStatus))
      : [];
    const accepted = finalCallbacks.find((received) => callbackRefusal(received) === undefined);
    if (accepted) return { via: 'callback', callback: accepted, afterMs: elapsed() };
    const refused = finalCallbacks.at(-1);
    if (refused) {
      refusedSeenAt ??= elapsed();
      const retryMayCome = refused.answer !== 'F' && elapsed() - refusedSeenAt < wait.callbackGraceMs;
      if (!retryMayCome || elapsed() >= wait.timeoutMs) {
        return { via: 'refused', callback: refused, reason: callbackRefusal(refused)!, afterMs: elapsed() };
      }
    } else {
      if (finalSeenAt === undefined) {
        order = await orderDetail(api, requestId);
        if (isFinal(order.orderStatus)) finalSeenAt = elapsed();
      }
      const outOfTime = elapsed() >= wait.timeoutMs;
      if (order && finalSeenAt !== undefined) {
        if (!source || outOfTime || elapsed() - finalSeenAt >= wait.callbackGraceMs) {
          return { via: 'detail', order, afterMs: elapsed(), callbackMissing: source !== undefined };
        }
      } else if (order && outOfTime) {
        return { via: 'timeout', order, afterMs: elapsed() };
      }
    }
    await sleep(wait.pollMs);
  }
}
