import {
  CallbackAlreadySettled,
  CallbackAttemptOutOfOrder,
  CallbackNotAbandoned,
  CallbackNotOwed,
  decideCallbackResult,
  dueCallback,
  orderDecider,
  OrderNotFound,
  type CallbackResult,
  type OrderEvent,
} from '@kios/ordering';
import { DeciderSpec } from '@kios/testing';
import {
  abandonCallback,
  answeredPending,
  callbackAbandoned,
  callbackAttempted,
  callbackDelivered,
  failedAfterPending,
  failedAtOnce,
  recordCallbackAttempt,
  recordCallbackDelivered,
  refused,
  REQUEST_ID,
  secondsAfterT0,
  succeededAfterPending,
  succeededAtOnce,
} from '../order/order.builders';
import { callbackRetryRequested, requestCallbackRetry, shortRetries } from './callback.builders';

const spec = DeciderSpec.for(orderDecider);
const fold = (events: OrderEvent[]) => events.reduce(orderDecider.evolve, orderDecider.initialState);
/** orderSucceeded() in the builders is at T0 + 30 s: the callback is owed from then. */
const OWED_AT = 30;

describe('the Order Complete Callback on the order', () => {
  describe('an operator retrying it (RequestCallbackRetry)', () => {
    it('sends an abandoned callback again', () =>
      spec
        .given([...succeededAfterPending(), callbackAbandoned()])
        .when(requestCallbackRetry())
        .then([callbackRetryRequested()]));

    it('refuses a callback still being retried', () =>
      spec.given(succeededAfterPending()).when(requestCallbackRetry()).thenThrows(CallbackNotAbandoned));

    it('refuses a delivered callback', () =>
      spec
        .given([...succeededAfterPending(), callbackDelivered()])
        .when(requestCallbackRetry())
        .thenThrows(CallbackNotAbandoned));

    it('refuses a second request before the retried callback is settled', () =>
      spec
        .given([...succeededAfterPending(), callbackAbandoned(), callbackRetryRequested()])
        .when(requestCallbackRetry())
        .thenThrows(CallbackNotAbandoned));

    it('refuses an order DANA got final in its Create Order answer', () =>
      spec.given(succeededAtOnce()).when(requestCallbackRetry()).thenThrows(CallbackNotOwed));

    it('needs an order', () => spec.given([]).when(requestCallbackRetry()).thenThrows(OrderNotFound));

    it('numbers the retried attempts on from the abandoned ones', () =>
      expect(
        dueCallback(
          fold([
            ...succeededAfterPending(),
            callbackAttempted(),
            callbackAbandoned(),
            callbackRetryRequested(),
          ]),
          secondsAfterT0(600),
        )?.attempt,
      ).toBe(2));
  });

  describe('when it is due', () => {
    it('is due at once when the order turns final after PENDING', () =>
      expect(dueCallback(fold(succeededAfterPending()), secondsAfterT0(OWED_AT))?.attempt).toBe(1));

    it('is not due before the next attempt time', () =>
      expect(
        dueCallback(fold([...succeededAfterPending(), callbackAttempted()]), secondsAfterT0(44)),
      ).toBeUndefined());

    it('is due again at the next attempt time', () =>
      expect(
        dueCallback(fold([...succeededAfterPending(), callbackAttempted()]), secondsAfterT0(45))?.attempt,
      ).toBe(2));

    it.each([
      ['the order is not final', answeredPending()],
      ['DANA got the final status in the Create Order answer', succeededAtOnce()],
      ['it was delivered', [...succeededAfterPending(), callbackDelivered()]],
      ['it was abandoned', [...succeededAfterPending(), callbackAbandoned()]],
    ])('is never due when %s', (_, history) =>
      expect(dueCallback(fold(history), secondsAfterT0(9_999))).toBeUndefined(),
    );
  });

  describe('recording what DANA answered (decideCallbackResult)', () => {
    const result = (overrides: Partial<CallbackResult>): CallbackResult => ({
      requestId: REQUEST_ID,
      attempt: 1,
      verdict: { kind: 'accepted' },
      now: secondsAfterT0(40),
      ...overrides,
    });
    const decide = (history: OrderEvent[], overrides: Partial<CallbackResult>) =>
      decideCallbackResult(fold(history), result(overrides), shortRetries);

    it('records S as delivered', () =>
      expect(decide(succeededAfterPending(), {})).toEqual([callbackDelivered()]));

    it('records U as an attempt with the next one on the schedule', () =>
      expect(
        decide(succeededAfterPending(), { verdict: { kind: 'unknown', reason: 'DANA does not know (U)' } }),
      ).toEqual([
        callbackAttempted({
          reason: 'DANA does not know (U)',
          nextAttemptAt: secondsAfterT0(45).toISOString(),
        }),
      ]));

    it('waits longer after each failure', () =>
      expect(
        decide([...succeededAfterPending(), callbackAttempted()], {
          attempt: 2,
          verdict: { kind: 'unknown', reason: 'DANA answered HTTP 500' },
          now: secondsAfterT0(46),
        }),
      ).toEqual([
        callbackAttempted({
          attempt: 2,
          reason: 'DANA answered HTTP 500',
          nextAttemptAt: secondsAfterT0(61).toISOString(),
          attemptedAt: secondsAfterT0(46).toISOString(),
        }),
      ]));

    it('abandons F at once, after recording the attempt: no blind retry', () =>
      expect(
        decide(succeededAfterPending(), {
          verdict: { kind: 'refused', reason: 'DANA refused the callback (F)' },
        }),
      ).toEqual([
        callbackAttempted({ reason: 'DANA refused the callback (F)', nextAttemptAt: undefined }),
        callbackAbandoned({ reason: 'DANA refused the callback (F)' }),
      ]));

    it('gives up once the next attempt would be past the give-up time, saying why', () => {
      const now = secondsAfterT0(OWED_AT + 50); // +15 s would end past 30 s + 60 s
      const events = decide([...succeededAfterPending(), callbackAttempted()], {
        attempt: 2,
        verdict: { kind: 'unknown', reason: 'no answer from DANA within 8000 ms' },
        now,
      });
      expect(events.map((event) => event.type)).toEqual(['CallbackAttempted', 'CallbackAbandoned']);
      expect(events[0].data).not.toHaveProperty('nextAttemptAt');
      expect(events[1].data).toMatchObject({
        reason: 'gave up after 2 attempt(s) in 60 s; last: no answer from DANA within 8000 ms',
      });
    });

    it('counts the give-up time from an operator’s retry request', () =>
      expect(
        decide(
          [...succeededAfterPending(), callbackAttempted(), callbackAbandoned(), callbackRetryRequested()],
          {
            attempt: 2,
            verdict: { kind: 'unknown', reason: 'DANA answered HTTP 500' },
            now: secondsAfterT0(601),
          },
        ).map((event) => event.type),
      ).toEqual(['CallbackAttempted']));

    it('records nothing new when the attempt was recorded already (a resumed worker)', () =>
      expect(
        decide([...succeededAfterPending(), callbackAttempted()], {
          verdict: { kind: 'unknown', reason: 'DANA answered HTTP 503' },
        }),
      ).toEqual([]));

    it('records nothing new for a delivery recorded already', () =>
      expect(decide([...succeededAfterPending(), callbackDelivered()], {})).toEqual([]));
  });
});

describe('the Order Complete Callback’s attempts on the order', () => {
  it('records a failed attempt with the next attempt’s time', () =>
    spec.given(succeededAfterPending()).when(recordCallbackAttempt()).then([callbackAttempted()]));

  it('is owed for a failure after PENDING too', () =>
    spec.given(failedAfterPending()).when(recordCallbackAttempt()).then([callbackAttempted()]));

  it('records the last attempt without a next one', () =>
    spec
      .given(succeededAfterPending())
      .when(recordCallbackAttempt({ nextAttemptAt: undefined }))
      .then([callbackAttempted({ nextAttemptAt: undefined })]));

  it('records an attempt once (the worker resumed after a crash)', () =>
    spec
      .given([...succeededAfterPending(), callbackAttempted()])
      .when(recordCallbackAttempt())
      .then([]));

  it('numbers attempts one after another', () =>
    spec
      .given([...succeededAfterPending(), callbackAttempted()])
      .when(recordCallbackAttempt({ attempt: 2 }))
      .then([callbackAttempted({ attempt: 2 })]));

  it('refuses an attempt that skips one', () =>
    spec
      .given(succeededAfterPending())
      .when(recordCallbackAttempt({ attempt: 2 }))
      .thenThrows(CallbackAttemptOutOfOrder));

  it('records delivery on the first attempt', () =>
    spec.given(succeededAfterPending()).when(recordCallbackDelivered()).then([callbackDelivered()]));

  it('records delivery after failed attempts', () =>
    spec
      .given([...succeededAfterPending(), callbackAttempted(), callbackAttempted({ attempt: 2 })])
      .when(recordCallbackDelivered({ attempt: 3 }))
      .then([callbackDelivered({ attempt: 3 })]));

  it('refuses a delivery on an attempt already recorded as failed', () =>
    spec
      .given([...succeededAfterPending(), callbackAttempted()])
      .when(recordCallbackDelivered({ attempt: 1 }))
      .thenThrows(CallbackAttemptOutOfOrder));

  it('records a delivery once', () =>
    spec
      .given([...succeededAfterPending(), callbackDelivered()])
      .when(recordCallbackDelivered())
      .then([]));

  it('records giving up', () =>
    spec.given(succeededAfterPending()).when(abandonCallback()).then([callbackAbandoned()]));

  it('records giving up once', () =>
    spec
      .given([...succeededAfterPending(), callbackAbandoned()])
      .when(abandonCallback())
      .then([]));

  it.each([
    ['an attempt after delivery', callbackDelivered(), recordCallbackAttempt({ attempt: 2 })],
    ['an attempt after giving up', callbackAbandoned(), recordCallbackAttempt()],
    ['a delivery after giving up', callbackAbandoned(), recordCallbackDelivered()],
    ['giving up after delivery', callbackDelivered(), abandonCallback()],
  ])('refuses %s: delivered and abandoned are final', (_, settled, command) =>
    spec
      .given([...succeededAfterPending(), settled])
      .when(command)
      .thenThrows(CallbackAlreadySettled),
  );

  it.each([
    ['an order that is not final', answeredPending()],
    ['an order answered SUCCESS at once', succeededAtOnce()],
    ['an order answered FAILED at once', failedAtOnce()],
    ['a refused order', refused()],
  ])('is not owed for %s', (_, history) =>
    spec.given(history).when(recordCallbackAttempt()).thenThrows(CallbackNotOwed),
  );

  it('needs an order', () => spec.given([]).when(abandonCallback()).thenThrows(OrderNotFound));
});
