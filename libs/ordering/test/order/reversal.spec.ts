import {
  decodeOrderEvent,
  FulfilmentNotRequested,
  NothingToReverse,
  orderDecider,
  OrderNotFound,
  orderStream,
  orderView,
  type FulfilmentReversed,
  type OrderEvent,
  type ReverseFulfilment,
} from '@kios/ordering';
import { DeciderSpec } from '@kios/testing';
import {
  answeredPending,
  callbackDelivered,
  failedAfterPending,
  inDoubt,
  orderPlaced,
  REQUEST_ID,
  secondsAfterT0,
  succeededAfterPending,
  succeededAtOnce,
} from './order.builders';

const spec = DeciderSpec.for(orderDecider);

function reverse(overrides: Partial<ReverseFulfilment['data']> = {}): ReverseFulfilment {
  return {
    type: 'ReverseFulfilment',
    data: {
      requestId: REQUEST_ID,
      rc: '74',
      message: 'Transaksi Refund',
      now: secondsAfterT0(3600),
      ...overrides,
    },
  };
}

function reversed(overrides: Partial<FulfilmentReversed['data']> = {}): FulfilmentReversed {
  return {
    type: 'FulfilmentReversed',
    data: {
      requestId: REQUEST_ID,
      rc: '74',
      message: 'Transaksi Refund',
      reversedAt: secondsAfterT0(3600).toISOString(),
      ...overrides,
    },
  };
}

const fold = (events: OrderEvent[]) => events.reduce(orderDecider.evolve, orderDecider.initialState);

describe('order decider: a success the supplier takes back (ReverseFulfilment)', () => {
  it.each([
    ['answered SUCCESS at once', succeededAtOnce()],
    ['answered PENDING, then SUCCESS', succeededAfterPending()],
    ['after DANA took the callback', [...succeededAfterPending(), callbackDelivered()]],
  ])('records the reversal of an order %s', (_, history) =>
    spec.given(history).when(reverse()).then([reversed()]),
  );

  it('records a plain Gagal (rc 02) the same way', () =>
    spec
      .given(succeededAtOnce())
      .when(reverse({ rc: '02', message: 'Transaksi Gagal' }))
      .then([reversed({ rc: '02', message: 'Transaksi Gagal' })]));

  it('records a reversal once: a second one (a duplicate update, another rc) adds nothing', () => {
    spec
      .given([...succeededAtOnce(), reversed()])
      .when(reverse())
      .then([]);
    spec
      .given([...succeededAtOnce(), reversed()])
      .when(reverse({ rc: '02', message: 'Transaksi Gagal' }))
      .then([]);
  });

  it('has nothing to reverse in an order that is not a success', () => {
    spec.given(answeredPending()).when(reverse()).thenThrows(NothingToReverse);
    spec.given(inDoubt()).when(reverse()).thenThrows(NothingToReverse);
    spec.given(failedAfterPending()).when(reverse()).thenThrows(NothingToReverse);
  });

  it('needs an order sent to a supplier', () => {
    spec.given([]).when(reverse()).thenThrows(OrderNotFound);
    spec.given([orderPlaced()]).when(reverse()).thenThrows(FulfilmentNotRequested);
  });

  it('never changes what DANA is told: the order stays SUCCESS with its receipt, unchanged since it succeeded', () => {
    const before = orderView(fold(succeededAfterPending()))!;
    const after = orderView(fold([...succeededAfterPending(), reversed()]))!;
    expect(after.status).toBe('SUCCESS');
    expect(after.serialNumber).toBe(before.serialNumber);
    expect(after.modifiedAt).toEqual(before.modifiedAt);
    expect(after.callback).toEqual(before.callback);
  });

  it('flags the order for an operator with the supplier’s words, and keeps them on the state', () => {
    const state = fold([...succeededAtOnce(), reversed()]);
    expect(orderView(state)!.flaggedForOperator).toEqual({
      reason: 'reversed by the supplier: rc 74 (Transaksi Refund)',
      flaggedAt: secondsAfterT0(3600),
    });
    expect(state).toMatchObject({
      status: 'succeeded',
      reversal: { rc: '74', message: 'Transaksi Refund', reversedAt: secondsAfterT0(3600) },
    });
  });

  it('writes plain JSON that the order decoder reads back at schema version 1', () => {
    const [event] = orderDecider.decide(reverse(), fold(succeededAtOnce()));
    expect(JSON.parse(JSON.stringify(event))).toEqual(event);
    const stored = {
      id: '00000000-0000-4000-8000-000000000001',
      type: event.type,
      data: JSON.parse(JSON.stringify(event.data)),
      metadata: { schemaVersion: 1 },
      stream: orderStream(REQUEST_ID),
      revision: 9n,
      position: { commit: 9n, prepare: 9n },
      recordedAt: secondsAfterT0(3600),
    };
    expect(decodeOrderEvent(stored)).toEqual(event);
    expect(() => decodeOrderEvent({ ...stored, data: { ...stored.data, rc: 74 } })).toThrow(/rc/);
  });
});
