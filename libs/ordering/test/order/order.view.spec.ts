import { idr } from '@kios/dana-protocol';
import { orderDecider, orderView, type OrderEvent } from '@kios/ordering';
import {
  answeredPending,
  callbackAttempted,
  callbackDelivered,
  inDoubt,
  orderMarkedPending,
  orderPlaced,
  orderSucceeded,
  ORDER_ID,
  refused,
  REQUEST_ID,
  requested,
  secondsAfterT0,
  succeededAfterPending,
  succeededAtOnce,
  SUPPLIER_REF,
  T0,
} from './order.builders';
import { telkomselCredit } from '@kios/testing';

const fold = (events: OrderEvent[]) => events.reduce(orderDecider.evolve, orderDecider.initialState);
const viewOf = (events: OrderEvent[]) => orderView(fold(events));

describe('order view', () => {
  it('is absent when there is no order (DANA: 40 EMPTY)', () => {
    expect(viewOf([])).toBeUndefined();
  });

  it('shows an order waiting for its supplier as PENDING, with the facts DANA echoes', () => {
    expect(viewOf(requested())).toEqual({
      requestId: REQUEST_ID,
      orderId: ORDER_ID,
      productId: 'TSEL-10K',
      product: telkomselCredit,
      destination: { primaryParam: '+6281234567890' },
      price: idr(1_025_000),
      supplierRef: SUPPLIER_REF,
      status: 'PENDING',
      createdAt: T0,
      modifiedAt: T0,
      answeredPending: false,
    });
  });

  it.each([
    ['answered pending', answeredPending()],
    ['in doubt', inDoubt()],
    [
      'in doubt, then answered pending',
      [...inDoubt(), orderMarkedPending({ markedPendingAt: '2025-01-15T03:06:16.000Z' })],
    ],
  ])('shows an order %s as PENDING', (_, history) => {
    expect(viewOf(history)).toMatchObject({ status: 'PENDING' });
  });

  it('keeps an order in doubt after answering DANA pending: the supplier may still have bought', () => {
    expect(fold([...inDoubt(), orderMarkedPending()])).toMatchObject({
      status: 'in_doubt',
      order: { answeredPending: true },
    });
  });

  it('shows a success with its serial number and token, changed when it succeeded', () => {
    expect(viewOf([...requested(), orderSucceeded({ token: '12345678901234567890' })])).toMatchObject({
      status: 'SUCCESS',
      serialNumber: '0412345678901234',
      token: '12345678901234567890',
      createdAt: T0,
      modifiedAt: secondsAfterT0(30),
      callback: { status: 'not_owed' },
    });
  });

  it('shows a refused order as FAILED with why, and no supplier reference', () => {
    const view = viewOf(refused());
    expect(view).toMatchObject({
      status: 'FAILED',
      failure: {
        code: 'price_mismatch',
        reason: 'danaSellingPrice 1000000 does not match the product price 1025000',
      },
    });
    expect(view).not.toHaveProperty('supplierRef');
  });

  it('shows the order without product when the catalog did not know it', () => {
    expect(viewOf([orderPlaced({ productId: 'NOPE', product: undefined })])).not.toHaveProperty('product');
  });

  it('shows the bill amounts of a bill order', () => {
    const billAmounts = { baseAmount: '24550000', adminFee: '250000', fineAmount: '0' };
    expect(viewOf([orderPlaced({ inquiryId: 'INQ-1', billAmounts })])).toMatchObject({
      inquiryId: 'INQ-1',
      billAmounts: { baseAmount: idr(24_550_000), adminFee: idr(250_000), fineAmount: idr(0) },
    });
  });

  it('owes a callback once final after answering pending, and counts its attempts', () => {
    expect(viewOf(succeededAfterPending())?.callback).toEqual({ status: 'owed', attempts: 0 });
    expect(viewOf([...succeededAfterPending(), callbackAttempted()])?.callback).toEqual({
      status: 'owed',
      attempts: 1,
      lastFailure: 'DANA answered HTTP 503',
      nextAttemptAt: secondsAfterT0(45),
    });
    expect(
      viewOf([...succeededAfterPending(), callbackAttempted(), callbackDelivered({ attempt: 2 })])?.callback,
    ).toEqual({
      status: 'delivered',
      attempts: 2,
      deliveredAt: secondsAfterT0(40),
    });
  });

  it('does not change modifiedTime for callback attempts: the order itself did not change', () => {
    expect(
      viewOf([...succeededAfterPending(), callbackAttempted(), callbackDelivered({ attempt: 2 })]),
    ).toMatchObject({
      modifiedAt: secondsAfterT0(30),
    });
  });

  it('ignores a late outcome event after a final one', () => {
    expect(
      viewOf([
        ...succeededAtOnce(),
        orderSucceeded({ serialNumber: 'OTHER', succeededAt: '2025-01-15T04:00:00.000Z' }),
      ]),
    ).toMatchObject({
      serialNumber: '0412345678901234',
      modifiedAt: secondsAfterT0(30),
    });
  });
});
