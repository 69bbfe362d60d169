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

function received(answer: ReceivedCallback['answer'], problems: string[] = []): ReceivedCallback {
  return {
    receivedAt: '2025-01-15T03:06:40.000Z',
    requestId: 'R',
    orderStatus: SUCCESS,
    signatureValid: problems.length === 0,
    problems,
    answer,
  };
}

/** The receiver's record growing by one callback per poll from poll `afterPolls` on, in the order given. */
function callbacksArriving(afterPolls: number, ...callbacks: ReceivedCallback[]): CallbackSource {
  let polls = 0;
  const arrived = callbacks.length > 0 ? callbacks : [received('S')];
  return {
    description: 'test',
    callbacksFor: async () => arrived.slice(0, Math.max(0, ++polls - afterPolls)),
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

  it('reports a callback the receiver refused with F as refused, with its reason, without waiting for a retry', async () => {
    const refused = received('F', ['signature: does not verify']);
    const final = await awaitFinalStatus(kiosSettlingAfter(0), 'R', callbacksArriving(1, refused), wait);
    expect(final).toMatchObject({ via: 'refused', reason: 'answered F: signature: does not verify' });
    expect(final.afterMs).toBeLessThan(wait.callbackGraceMs);
  });

  it('takes a retried callback the receiver accepted over the refused attempt before it', async () => {
    const source = callbacksArriving(1, received('U'), received('S'));
    const final = await awaitFinalStatus(kiosSettlingAfter(0), 'R', source, wait);
    expect(final).toMatchObject({ via: 'callback', callback: { answer: 'S' } });
  });

  it('reports a refused attempt that no accepted retry followed within the grace as refused', async () => {
    const final = await awaitFinalStatus(
      kiosSettlingAfter(0),
      'R',
      callbacksArriving(1, received('http500')),
      wait,
    );
    expect(final).toMatchObject({
      via: 'refused',
      reason: 'answered HTTP 500, as POST /sim/misbehave asked',
    });
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
