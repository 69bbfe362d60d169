import type { CallbackRetryRequested, RequestCallbackRetry, RetryPolicy } from '@kios/ordering';
import { REQUEST_ID, secondsAfterT0 } from '../order/order.builders';

export function requestCallbackRetry(
  overrides: Partial<RequestCallbackRetry['data']> = {},
): RequestCallbackRetry {
  return {
    type: 'RequestCallbackRetry',
    data: { requestId: REQUEST_ID, requestedBy: 'kios-cli (ops)', now: secondsAfterT0(600), ...overrides },
  };
}

export function callbackRetryRequested(
  overrides: Partial<CallbackRetryRequested['data']> = {},
): CallbackRetryRequested {
  return {
    type: 'CallbackRetryRequested',
    data: {
      requestId: REQUEST_ID,
      requestedBy: 'kios-cli (ops)',
      requestedAt: secondsAfterT0(600).toISOString(),
      ...overrides,
    },
  };
}

/** 5 s, then 15 s, no jitter, give up 60 s after the callback became owed. */
export const shortRetries: RetryPolicy = {
  delaysMs: [5_000, 15_000],
  jitterRatio: 0,
  giveUpAfterMs: 60_000,
  random: () => 0.5,
};
