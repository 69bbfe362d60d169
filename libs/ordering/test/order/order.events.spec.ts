import { productData } from '@kios/catalog';
import { UnreadableEvent } from '@kios/event-store';
import {
  causedByRequest,
  decodeOrderEvent,
  eventMetadata,
  orderDecider,
  orderStream,
  type OrderEvent,
  type OrderFailureCode,
} from '@kios/ordering';
import { DecoderSpec, roundTripsThroughTheStore, storedEvent } from '@kios/testing';
import { mobileLegendsDiamonds, plnPostpaid } from '@kios/testing';
import { callbackRetryRequested } from '../callback/callback.builders';
import { attemptFailed, attemptRequested, DIGIFLAZZ, IAK } from './failover.builders';
import { settledByOperator } from './operator-settlement.builders';
import {
  callbackAbandoned,
  callbackAttempted,
  callbackDelivered,
  fulfilmentInDoubt,
  fulfilmentRequested,
  orderFailed,
  orderMarkedPending,
  orderPlaced,
  orderSucceeded,
  REQUEST_ID,
  T0,
} from './order.builders';

const FAILURE_CODES: OrderFailureCode[] = [
  'product_not_found',
  'product_delisted',
  'product_unavailable',
  'invalid_destination',
  'price_mismatch',
  'inquiry_rejected',
  'supplier_failed',
];

const flagged: OrderEvent = {
  type: 'FulfilmentFlaggedForOperator',
  data: { requestId: REQUEST_ID, reason: 'no final answer', flaggedAt: '2025-01-16T03:06:10.000Z' },
};

/** Every order event type, in every form its writers give it (optional fields present and absent). */
const writtenToday: Record<string, OrderEvent> = {
  'OrderPlaced for a listed product': orderPlaced(),
  'OrderPlaced for a product the catalog does not know': orderPlaced({
    productId: 'TSEL-999K',
    product: undefined,
  }),
  'OrderPlaced for a bill, with its inquiry and amounts': orderPlaced({
    productId: plnPostpaid.productId,
    product: productData(plnPostpaid),
    destination: { primaryParam: '532110012345' },
    price: '24800000',
    inquiryId: 'INQ-1',
    billAmounts: { baseAmount: '24550000', adminFee: '250000', fineAmount: '0' },
  }),
  'OrderPlaced for a game account with a zone': orderPlaced({
    productId: mobileLegendsDiamonds.productId,
    product: productData(mobileLegendsDiamonds),
    destination: { primaryParam: '123456789', secondaryParam: '2001' },
  }),
  FulfilmentRequested: fulfilmentRequested(),
  'FulfilmentRequested with a zone': fulfilmentRequested({
    destination: { primaryParam: '123456789', secondaryParam: '2001' },
  }),
  'FulfilmentRequested of a routed order, its first attempt': attemptRequested(1, DIGIFLAZZ),
  'FulfilmentRequested of a later attempt at another supplier': attemptRequested(2, IAK, 30),
  'FulfilmentAttemptFailed, a final failure': attemptFailed(1, DIGIFLAZZ, 'rc 44 Saldo tidak cukup'),
  'FulfilmentAttemptFailed, a refused connection': attemptFailed(1, DIGIFLAZZ, 'ECONNREFUSED', true),
  'FulfilmentAttemptFailed of an order placed before routing (no offer)': attemptFailed(
    1,
    undefined,
    'rc 02',
  ),
  OrderMarkedPending: orderMarkedPending(),
  FulfilmentInDoubt: fulfilmentInDoubt(),
  FulfilmentFlaggedForOperator: flagged,
  OrderSucceeded: orderSucceeded(),
  'OrderSucceeded with a token': orderSucceeded({ token: '12345678901234567890' }),
  'OrderSucceeded of a routed order, with its supplier and cost': orderSucceeded({
    supplier: 'iak',
    cost: '1000000',
  }),
  'OrderSucceeded whose cost broke a bound': orderSucceeded({
    supplier: 'digiflazz',
    cost: '1030000',
    costBreach: "cost 1030000 is above DANA's price 1025000 (minor units)",
  }),
  ...Object.fromEntries(FAILURE_CODES.map((code) => [`OrderFailed ${code}`, orderFailed({ code })])),
  CallbackAttempted: callbackAttempted(),
  'CallbackAttempted with no next attempt': callbackAttempted({ nextAttemptAt: undefined }),
  CallbackDelivered: callbackDelivered(),
  CallbackAbandoned: callbackAbandoned(),
  CallbackRetryRequested: callbackRetryRequested(),
  'FulfilmentSettledByOperator succeeded': settledByOperator(),
  'FulfilmentSettledByOperator failed': settledByOperator({ decision: 'failed' }),
  FulfilmentReversed: {
    type: 'FulfilmentReversed',
    data: {
      requestId: REQUEST_ID,
      rc: '74',
      message: 'Transaksi Refund',
      reversedAt: '2025-01-15T04:00:00.000Z',
    },
  },
};

const spec = DecoderSpec.for(decodeOrderEvent);
const at = { stream: orderStream(REQUEST_ID), revision: 4n };
/** Metadata as the ordering handlers write it. */
const written = eventMetadata(causedByRequest('msg-1'), T0);

describe('order events as stored', () => {
  describe('read back from a SQLite store, written as the handlers write them', () => {
    const { store, repository } = roundTripsThroughTheStore({
      stream: orderStream(REQUEST_ID),
      decider: orderDecider,
      decode: decodeOrderEvent,
      writtenToday,
      metadata: written,
    });

    it('loads an order through the repository: the fold sees the decoded events', async () => {
      const story = [orderPlaced(), fulfilmentRequested(), orderMarkedPending(), orderSucceeded()];
      await repository().handle(orderStream(REQUEST_ID), orderDecider, () => story, written);

      const { state, revision } = await repository().load(orderStream(REQUEST_ID), orderDecider);

      expect(revision).toBe(3n);
      expect(state).toEqual(story.reduce(orderDecider.evolve, orderDecider.initialState));
    });

    it('stops loading at a corrupted event with UnreadableEvent naming stream, revision and field, before the fold', async () => {
      await repository().handle(
        orderStream(REQUEST_ID),
        orderDecider,
        () => [orderPlaced(), fulfilmentRequested()],
        written,
      );
      await store().append(
        orderStream(REQUEST_ID),
        [
          {
            type: 'OrderSucceeded',
            data: { requestId: REQUEST_ID, serialNumber: 4123, succeededAt: '2025-01-15T03:06:40.000Z' },
          },
        ],
        1n,
      );
      const evolve = jest.spyOn(orderDecider, 'evolve');

      const loading = repository().load(orderStream(REQUEST_ID), orderDecider);

      await expect(loading).rejects.toBeInstanceOf(UnreadableEvent);
      await expect(loading).rejects.toThrow(
        `unreadable event OrderSucceeded at order-${REQUEST_ID}@2: data.serialNumber must be a string, got 4123`,
      );
      expect(evolve.mock.calls.map(([, event]) => event.type)).toEqual([
        'OrderPlaced',
        'FulfilmentRequested',
      ]);
      evolve.mockRestore();
    });
  });

  describe('an event written before versions were recorded (no schemaVersion)', () => {
    it('is read as version 1', () =>
      spec
        .given(
          storedEvent('OrderMarkedPending', orderMarkedPending().data, {
            metadata: { correlationId: 'msg-1' },
          }),
        )
        .whenDecoded()
        .then(orderMarkedPending()));
  });

  describe('a stored event that does not have the shape its writers give it', () => {
    it('money as a number', () =>
      spec
        .given(storedEvent('OrderPlaced', { ...orderPlaced().data, price: 1025000 }, at))
        .whenDecoded()
        .thenUnreadable(
          `unreadable event OrderPlaced at order-${REQUEST_ID}@4: data.price must be a digit string, got 1025000`,
        ));

    it('a product missing a field', () =>
      spec
        .given(
          storedEvent(
            'OrderPlaced',
            { ...orderPlaced().data, product: { ...orderPlaced().data.product, price: undefined } },
            at,
          ),
        )
        .whenDecoded()
        .thenUnreadable('data.product.price is missing'));

    it('a destination without its primaryParam', () =>
      spec
        .given(
          storedEvent(
            'FulfilmentRequested',
            { ...fulfilmentRequested().data, destination: { secondaryParam: '1' } },
            at,
          ),
        )
        .whenDecoded()
        .thenUnreadable('data.destination.primaryParam is missing'));

    it('a failure code no writer writes', () =>
      spec
        .given(storedEvent('OrderFailed', { ...orderFailed().data, code: 'timeout' }, at))
        .whenDecoded()
        .thenUnreadable(/data.code must be one of "product_not_found", .*, got "timeout"/));

    it('a time that is not an ISO-8601 instant', () =>
      spec
        .given(
          storedEvent('OrderMarkedPending', { requestId: REQUEST_ID, markedPendingAt: 1736910375000 }, at),
        )
        .whenDecoded()
        .thenUnreadable('data.markedPendingAt must be an ISO-8601 UTC instant, got 1736910375000'));

    it('a callback attempt numbered 0', () =>
      spec
        .given(storedEvent('CallbackDelivered', { ...callbackDelivered().data, attempt: 0 }, at))
        .whenDecoded()
        .thenUnreadable('data.attempt must be a positive integer, got 0'));

    it('an event of another stream kind', () =>
      spec
        .given(storedEvent('InquiryRecorded', {}, at))
        .whenDecoded()
        .thenUnreadable(/unreadable event InquiryRecorded at order-.*@4: not a type this stream kind has/));
  });
});
