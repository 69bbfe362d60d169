import { productData } from '@kios/catalog';
import { idr } from '@kios/dana-protocol';
import { checkDestination, inquiryReferenceFor } from '@kios/fulfillment';
import { orderDecider, type OrderFailureCode } from '@kios/ordering';
import { DeciderSpec } from '@kios/testing';
import {
  fulfilmentRequested,
  listed,
  orderFailed,
  orderPlaced,
  placeOrder,
  refused,
  requested,
  succeededAtOnce,
} from './order.builders';
import { billDestination, placeBillOrder, usableInquiry } from './bill-order.builders';
import { INQUIRY_ID } from '../inquiry/inquiry.builders';

/** The reference the supplier inquired the bill under at Destination Inquiry. */
const INQUIRY_REF = inquiryReferenceFor(INQUIRY_ID);
import { mobileLegendsDiamonds, plnPostpaid, telkomselCredit } from '@kios/testing';

const spec = DeciderSpec.for(orderDecider);
const failedAtPlacement = (code: OrderFailureCode, reason: string) =>
  orderFailed({ code, reason, failedAt: '2025-01-15T03:06:10.000Z' });

const billOrderPlaced = () =>
  orderPlaced({
    productId: 'PLN-POSTPAID',
    product: productData(plnPostpaid),
    destination: billDestination,
    price: '24800000',
  });

describe('order decider: Create Order (PlaceOrder)', () => {
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

  it("pays a bill the supplier inquired under a reference under that very reference, not the order's own", () =>
    spec
      .given([])
      .when(placeBillOrder({ inquiryId: INQUIRY_ID, check: usableInquiry({ supplierRef: INQUIRY_REF }) }))
      .then([
        orderPlaced({
          ...billOrderPlaced().data,
          inquiryId: INQUIRY_ID,
          billAmounts: { baseAmount: '24550000', adminFee: '250000', fineAmount: '0' },
        }),
        fulfilmentRequested({ destination: billDestination, supplierRef: INQUIRY_REF }),
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

  it('records the inquiryId DANA named for a telco order, unchecked, and asks the supplier as for any order', () =>
    spec
      .given([])
      .when(placeOrder({ inquiry: { inquiryId: 'INQ-TELCO' } }))
      .then([orderPlaced({ inquiryId: 'INQ-TELCO' }), fulfilmentRequested()]));

  it('records the inquiryId DANA named for a games order', () => {
    const account = { primaryParam: '12345678', secondaryParam: '2001' };
    return spec
      .given([])
      .when(
        placeOrder({
          productId: mobileLegendsDiamonds.productId,
          product: listed(mobileLegendsDiamonds),
          destination: account,
          destinationCheck: checkDestination(mobileLegendsDiamonds, account),
          danaSellingPrice: mobileLegendsDiamonds.price,
          inquiry: { inquiryId: 'INQ-GAME' },
        }),
      )
      .then([
        orderPlaced({
          productId: mobileLegendsDiamonds.productId,
          product: productData(mobileLegendsDiamonds),
          destination: account,
          price: '2350000',
          inquiryId: 'INQ-GAME',
        }),
        fulfilmentRequested({ destination: account }),
      ]);
  });

  it('records the inquiryId DANA named for an order it refuses', () =>
    spec
      .given([])
      .when(placeOrder({ inquiry: { inquiryId: 'INQ-TELCO' }, danaSellingPrice: idr(5) }))
      .then([
        orderPlaced({ inquiryId: 'INQ-TELCO', price: '5' }),
        failedAtPlacement('price_mismatch', 'danaSellingPrice 5 does not match the product price 1025000'),
      ]));

  it('refuses a bill order whose named inquiry was not checked, as one without an inquiry', () =>
    spec
      .given([])
      .when(placeBillOrder({ inquiryId: 'INQ-1' }))
      .then([
        orderPlaced({ ...billOrderPlaced().data, inquiryId: 'INQ-1' }),
        failedAtPlacement(
          'inquiry_rejected',
          'product PLN-POSTPAID is priced by its bill: Create Order needs the inquiryId of a Destination Inquiry in extendInfo',
        ),
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
