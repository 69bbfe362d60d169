import { productData } from '@kios/catalog';
import { inquiryReferenceFor, supplierReferenceFor, type PurchaseRequest } from '@kios/fulfillment';
import { NOTHING_ASKED } from '@kios/ordering';
import { plnPostpaid } from '@kios/testing';
import { INQUIRY_ID } from '../inquiry/inquiry.builders';
import { billDestination } from '../order/bill-order.builders';
import {
  fulfilmentInDoubt,
  fulfilmentRequested,
  orderMarkedPending,
  orderPlaced,
  REQUEST_ID,
} from '../order/order.builders';
import { spec, status } from './fulfilment-follow-up.fixture';

/**
 * A bill the supplier inquired under a reference at Destination Inquiry is paid under it
 * (docs/digiflazz.md §5). The follow-up asks about it, and buys again after not_found, with a
 * request that says so: the supplier pays that inquiry instead of inquiring anew.
 */
const INQUIRY_REF = inquiryReferenceFor(INQUIRY_ID);

const billPlaced = () =>
  orderPlaced({
    productId: plnPostpaid.productId,
    product: productData(plnPostpaid),
    destination: billDestination,
    price: '24800000',
    inquiryId: INQUIRY_ID,
    billAmounts: { baseAmount: '24550000', adminFee: '250000', fineAmount: '0' },
  });

const billRequest = (supplierRef: string, inquired: boolean): PurchaseRequest => ({
  product: plnPostpaid,
  destination: billDestination,
  supplierRef,
  ...(inquired ? { billInquiredUnderRef: true } : {}),
});

describe('fulfilment follow-up of a bill paid under its inquiry reference', () => {
  const pendingUnder = (supplierRef: string) => [
    billPlaced(),
    fulfilmentRequested({ destination: billDestination, supplierRef }),
    orderMarkedPending(),
  ];

  it('asks its status under the inquiry reference, saying the bill was inquired under it', () =>
    spec
      .given(pendingUnder(INQUIRY_REF))
      .when(NOTHING_ASKED)
      .then({
        record: [],
        ask: { ask: 'status', request: billRequest(INQUIRY_REF, true) },
        alertOperator: false,
      }));

  it('pays again under that same reference after not_found, still as the inquired bill', () =>
    spec
      .given([...pendingUnder(INQUIRY_REF), fulfilmentInDoubt()])
      .when(status({ status: 'not_found' }))
      .then({
        record: [],
        ask: { ask: 'purchase', request: billRequest(INQUIRY_REF, true) },
        alertOperator: false,
      }));

  it('a bill order under its own reference (a supplier that inquired under none) is not said to be inquired', () =>
    spec
      .given(pendingUnder(supplierReferenceFor(REQUEST_ID)))
      .when(NOTHING_ASKED)
      .then({
        record: [],
        ask: { ask: 'status', request: billRequest(supplierReferenceFor(REQUEST_ID), false) },
        alertOperator: false,
      }));
});
