import {
  FulfilmentNotRequested,
  OrderAlreadyFinal,
  orderDecider,
  OrderNotFound,
  orderStream,
  type OrderEvent,
} from '@kios/ordering';
import { DeciderSpec } from '@kios/testing';
import {
  answeredPending,
  failedAtOnce,
  fulfilmentInDoubt,
  inDoubt,
  markInDoubt,
  markPending,
  orderFailed,
  orderMarkedPending,
  orderPlaced,
  orderSucceeded,
  recordCallbackAttempt,
  recordCallbackDelivered,
  recordFailure,
  recordSuccess,
  refused,
  requested,
  secondsAfterT0,
  succeededAtOnce,
} from './order.builders';
import { placeBillOrder, usableInquiry } from './bill-order.builders';

const spec = DeciderSpec.for(orderDecider);

describe('order decider', () => {
  it('keeps each order in the stream order-<requestId>', () => {
    expect(orderStream('20250115100610123456789')).toBe('order-20250115100610123456789');
  });

  describe('the supplier’s outcome (RecordOutcome)', () => {
    it.each([
      ['at once', requested()],
      ['after answering DANA pending', answeredPending()],
      ['after a timeout left it in doubt', inDoubt()],
    ])('records a success %s', (_, history) =>
      spec.given(history).when(recordSuccess()).then([orderSucceeded()]),
    );

    it.each([
      ['at once', requested()],
      ['after answering DANA pending', answeredPending()],
      ['after a timeout left it in doubt', inDoubt()],
    ])('records a failure %s', (_, history) =>
      spec.given(history).when(recordFailure()).then([orderFailed()]),
    );

    it('records the token of a prepaid electricity or voucher order', () =>
      spec
        .given(requested())
        .when(recordSuccess({ token: '12345678901234567890' }))
        .then([orderSucceeded({ token: '12345678901234567890' })]));

    it('treats the same success again as nothing new', () =>
      spec.given(succeededAtOnce()).when(recordSuccess()).then([]));

    it('treats the same failure again as nothing new', () =>
      spec.given(failedAtOnce()).when(recordFailure('another wording')).then([]));

    it('never turns a success into a failure', () =>
      spec.given(succeededAtOnce()).when(recordFailure()).thenThrows(OrderAlreadyFinal));

    it('never turns a failure into a success', () =>
      spec.given(failedAtOnce()).when(recordSuccess()).thenThrows(OrderAlreadyFinal));

    it('never turns a refused order into a success', () =>
      spec.given(refused()).when(recordSuccess()).thenThrows(OrderAlreadyFinal));

    it('never changes the serial number of a success', () =>
      spec
        .given(succeededAtOnce())
        .when(recordSuccess({ serialNumber: '9999' }))
        .thenThrows(OrderAlreadyFinal));

    it('knows no outcome for an order that does not exist', () =>
      spec.given([]).when(recordSuccess()).thenThrows(OrderNotFound));

    it('knows no outcome for an order never sent to a supplier', () =>
      spec.given([orderPlaced()]).when(recordSuccess()).thenThrows(FulfilmentNotRequested));
  });

  describe('answering DANA pending (MarkPending)', () => {
    it('records that DANA was told PENDING', () =>
      spec.given(requested()).when(markPending()).then([orderMarkedPending()]));

    it('records it once', () => spec.given(answeredPending()).when(markPending()).then([]));

    it('records it for an order in doubt', () =>
      spec.given(inDoubt()).when(markPending()).then([orderMarkedPending()]));

    it.each([
      ['succeeded', succeededAtOnce()],
      ['failed', failedAtOnce()],
      ['refused', refused()],
    ])('records nothing for an order already %s: DANA gets the final status', (_, history) =>
      spec.given(history).when(markPending()).then([]),
    );

    it('needs an order', () => spec.given([]).when(markPending()).thenThrows(OrderNotFound));
  });

  describe('a supplier call without an answer (MarkInDoubt)', () => {
    it('puts a requested order in doubt', () =>
      spec.given(requested()).when(markInDoubt()).then([fulfilmentInDoubt()]));

    it('puts a pending order in doubt', () =>
      spec.given(answeredPending()).when(markInDoubt()).then([fulfilmentInDoubt()]));

    it('records a doubt once', () => spec.given(inDoubt()).when(markInDoubt()).then([]));

    it('records nothing once the outcome is known', () =>
      spec.given(succeededAtOnce()).when(markInDoubt()).then([]));

    it('needs an order', () => spec.given([]).when(markInDoubt()).thenThrows(OrderNotFound));

    it('needs a supplier call', () =>
      spec.given([orderPlaced()]).when(markInDoubt()).thenThrows(FulfilmentNotRequested));
  });

  describe('events', () => {
    it('are plain JSON: a round trip through the store gives back the same events', () => {
      const history: OrderEvent[] = [];
      const decideAndKeep = (command: Parameters<typeof orderDecider.decide>[0]) => {
        const state = history.reduce(orderDecider.evolve, orderDecider.initialState);
        history.push(...orderDecider.decide(command, state));
      };
      decideAndKeep(placeBillOrder({ inquiryId: 'INQ-1', check: usableInquiry() }));
      decideAndKeep(markPending());
      decideAndKeep(recordSuccess({ now: secondsAfterT0(9) }));
      decideAndKeep(recordCallbackAttempt({ nextAttemptAt: undefined }));
      decideAndKeep(recordCallbackDelivered({ attempt: 2 }));
      expect(history.map((event) => event.type)).toEqual([
        'OrderPlaced',
        'FulfilmentRequested',
        'OrderMarkedPending',
        'OrderSucceeded',
        'CallbackAttempted',
        'CallbackDelivered',
      ]);
      expect(JSON.parse(JSON.stringify(history))).toStrictEqual(history);
    });
  });
});
