import { productData } from '@kios/catalog';
import { idr } from '@kios/dana-protocol';
import { checkDestination } from '@kios/fulfillment';
import {
  CallbackAlreadySettled,
  CallbackAttemptOutOfOrder,
  CallbackNotOwed,
  FulfilmentNotRequested,
  inquiryDecider,
  OrderAlreadyFinal,
  orderDecider,
  OrderNotFound,
  orderStream,
  type InquiryCheck,
  type OrderEvent,
  type OrderFailureCode,
} from '@kios/ordering';
import { DeciderSpec } from '@kios/testing';
import { inquiryRecorded } from '../inquiry/inquiry.builders';
import {
  abandonCallback,
  answeredPending,
  callbackAbandoned,
  callbackAttempted,
  callbackDelivered,
  failedAfterPending,
  failedAtOnce,
  fulfilmentInDoubt,
  fulfilmentRequested,
  inDoubt,
  listed,
  markInDoubt,
  markPending,
  orderFailed,
  orderMarkedPending,
  orderPlaced,
  orderSucceeded,
  placeOrder,
  recordCallbackAttempt,
  recordCallbackDelivered,
  recordFailure,
  recordSuccess,
  refused,
  requested,
  secondsAfterT0,
  succeededAfterPending,
  succeededAtOnce,
} from './order.builders';
import { plnPostpaid, telkomselCredit } from '@kios/testing';

const spec = DeciderSpec.for(orderDecider);
const failedAtPlacement = (code: OrderFailureCode, reason: string) =>
  orderFailed({ code, reason, failedAt: '2025-01-15T03:06:10.000Z' });

/** A usable inquiry for PLN postpaid 532110012345, total Rp 248.000. */
const usableInquiry = (): InquiryCheck => {
  const state = inquiryDecider.evolve(inquiryDecider.initialState, inquiryRecorded());
  if (state.status !== 'open') throw new Error('expected an open inquiry');
  return { ok: true, inquiry: state.inquiry };
};
const billDestination = { primaryParam: '532110012345' };
const placeBillOrder = (inquiry?: { inquiryId: string; check: InquiryCheck }) =>
  placeOrder({
    productId: plnPostpaid.productId,
    product: listed(plnPostpaid),
    destination: billDestination,
    destinationCheck: checkDestination(plnPostpaid, billDestination),
    danaSellingPrice: idr(24_800_000),
    ...(inquiry && { inquiry }),
  });
const billOrderPlaced = () =>
  orderPlaced({
    productId: 'PLN-POSTPAID',
    product: productData(plnPostpaid),
    destination: billDestination,
    price: '24800000',
  });

describe('order decider', () => {
  it('keeps each order in the stream order-<requestId>', () => {
    expect(orderStream('20250115100610123456789')).toBe('order-20250115100610123456789');
  });

  describe('Create Order (PlaceOrder)', () => {
    it('places the order and asks the supplier for the number in 08 form, under a reference derived from requestId', () =>
      spec.given([]).when(placeOrder()).then(requested()));

    it('refuses a product the catalog does not know, and never asks a supplier', () =>
      spec
        .given([])
        .when(placeOrder({ productId: 'TSEL-999K', product: { status: 'unlisted' } }))
        .then([
          orderPlaced({ productId: 'TSEL-999K', product: undefined }),
          failedAtPlacement('product_not_found', 'product TSEL-999K is not in the catalog'),
        ]));

    it('refuses a delisted product', () =>
      spec
        .given([])
        .when(placeOrder({ product: { status: 'delisted', product: telkomselCredit } }))
        .then([orderPlaced(), failedAtPlacement('product_delisted', 'product TSEL-10K is no longer sold')]));

    it('refuses an unavailable product', () => {
      const unavailable = { ...telkomselCredit, available: false };
      return spec
        .given([])
        .when(placeOrder({ product: listed(unavailable) }))
        .then([
          orderPlaced({ product: productData(unavailable) }),
          failedAtPlacement('product_unavailable', 'product TSEL-10K is not available at the moment'),
        ]);
    });

    it('refuses a destination that does not fit the product', () => {
      const xlNumber = { primaryParam: '081712345678' };
      return spec
        .given([])
        .when(
          placeOrder({
            destination: xlNumber,
            destinationCheck: checkDestination(telkomselCredit, xlNumber),
          }),
        )
        .then([
          orderPlaced({ destination: xlNumber }),
          failedAtPlacement(
            'invalid_destination',
            'invalid destination: phone number 081712345678 belongs to xl, not telkomsel',
          ),
        ]);
    });

    it('refuses a danaSellingPrice other than the product price, saying both', () =>
      spec
        .given([])
        .when(placeOrder({ danaSellingPrice: idr(1_000_000) }))
        .then([
          orderPlaced({ price: '1000000' }),
          failedAtPlacement(
            'price_mismatch',
            'danaSellingPrice 1000000 does not match the product price 1025000',
          ),
        ]));

    it('checks the product before the destination and the price', () =>
      spec
        .given([])
        .when(
          placeOrder({
            product: listed({ ...telkomselCredit, available: false }),
            destinationCheck: { ok: false, reason: 'x' },
            danaSellingPrice: idr(1),
          }),
        )
        .then([
          orderPlaced({ product: productData({ ...telkomselCredit, available: false }), price: '1' }),
          failedAtPlacement('product_unavailable', 'product TSEL-10K is not available at the moment'),
        ]));

    it('places a bill order with a usable inquiry and keeps the bill for extendInfo', () =>
      spec
        .given([])
        .when(placeBillOrder({ inquiryId: 'INQ-1', check: usableInquiry() }))
        .then([
          orderPlaced({
            ...billOrderPlaced().data,
            inquiryId: 'INQ-1',
            billAmounts: { baseAmount: '24550000', adminFee: '250000', fineAmount: '0' },
          }),
          fulfilmentRequested({ destination: billDestination }),
        ]));

    it('refuses a bill order without an inquiry', () =>
      spec
        .given([])
        .when(placeBillOrder())
        .then([
          billOrderPlaced(),
          failedAtPlacement(
            'inquiry_rejected',
            'product PLN-POSTPAID is priced by its bill: Create Order needs the inquiryId of a Destination Inquiry in extendInfo',
          ),
        ]));

    it('refuses a bill order whose inquiry cannot be used, with the inquiry’s reason', () =>
      spec
        .given([])
        .when(
          placeBillOrder({ inquiryId: 'INQ-1', check: { ok: false, reason: 'inquiry INQ-1 expired at …' } }),
        )
        .then([
          orderPlaced({ ...billOrderPlaced().data, inquiryId: 'INQ-1' }),
          failedAtPlacement('inquiry_rejected', 'inquiry INQ-1 expired at …'),
        ]));

    it('keeps the inquiryId of a fixed-price order but prices it from the catalog', () =>
      spec
        .given([])
        .when(placeOrder({ inquiry: { inquiryId: 'INQ-9', check: { ok: false, reason: 'expired' } } }))
        .then([orderPlaced({ inquiryId: 'INQ-9' }), fulfilmentRequested()]));

    it.each([
      ['waiting for the supplier', requested()],
      ['succeeded', succeededAtOnce()],
      ['refused', refused()],
    ])('answers a repeated Create Order for an order %s with nothing new', (_, history) =>
      spec
        .given(history)
        .when(placeOrder({ orderId: 'ORD-OTHER', danaSellingPrice: idr(5) }))
        .then([]),
    );
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

  describe('the Order Complete Callback', () => {
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
