import type { DanaOrder, DanaStatus } from '@kios/dana-protocol';
import type { ReceivedCallback } from '../src/callbacks/callback-receiver';
import type { CallbackSource } from '../src/callbacks/callback-source';
import type { KiosApi } from '../src/kios/kios-api';
import { awaitFinalStatus } from '../src/orders/final-status';

const PENDING: DanaStatus = { code: '20', status: 'PENDING', message: 'Pending' };
const SUCCESS: DanaStatus = { code: '10', status: 'SUCCESS', message: 'Success' };

/** kios answering Get Order Detail PENDING for the first `pendingAnswers` calls, SUCCESS after. */
function kiosSettlingAfter(pendingAnswers: number): KiosApi {
  let calls = 0;
  return {
    orderDetail: async ([requestId]: string[]) => {
      calls += 1;
      const order = { requestId, orderStatus: calls > pendingAnswers ? SUCCESS : PENDING } as DanaOrder;
      return { httpStatus: 200, body: { orders: [order] }, signature: { ok: true }, latencyMs: 1 };
    },
  } as unknown as KiosApi;
}

function callbacksArriving(afterPolls: number): CallbackSource {
  let polls = 0;
  const callback = { requestId: 'R', orderStatus: SUCCESS, signatureValid: true } as ReceivedCallback;
  return {
    description: 'test',
    callbacksFor: async () => (++polls > afterPolls ? [callback] : []),
    close: async () => undefined,
  };
}

const wait = { timeoutMs: 2_000, pollMs: 5, callbackGraceMs: 60 };

describe('waiting for an order’s final status', () => {
  it('takes it from the callback when one comes', async () => {
    const final = await awaitFinalStatus(kiosSettlingAfter(1), 'R', callbacksArriving(3), wait);
    expect(final).toMatchObject({ via: 'callback', callback: { orderStatus: SUCCESS } });
  });

  it('takes it from Get Order Detail at once when there is no receiver', async () => {
    const final = await awaitFinalStatus(kiosSettlingAfter(2), 'R', undefined, wait);
    expect(final).toMatchObject({ via: 'detail', order: { orderStatus: SUCCESS }, callbackMissing: false });
  });

  it('gives a missing callback its grace after the order is final, then answers from Get Order Detail', async () => {
    const final = await awaitFinalStatus(kiosSettlingAfter(0), 'R', callbacksArriving(Infinity), wait);
    expect(final).toMatchObject({ via: 'detail', callbackMissing: true });
    expect(final.afterMs).toBeGreaterThanOrEqual(wait.callbackGraceMs);
  });

  it('stops at the timeout with the last answer when the order stays pending', async () => {
    const final = await awaitFinalStatus(kiosSettlingAfter(Infinity), 'R', undefined, {
      ...wait,
      timeoutMs: 40,
    });
    expect(final).toMatchObject({ via: 'timeout', order: { orderStatus: PENDING } });
  });
});
