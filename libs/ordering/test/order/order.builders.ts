import { productData, type Product, type ProductState } from '@kios/catalog';
import { idr } from '@kios/dana-protocol';
import { checkDestination, supplierReferenceFor } from '@kios/fulfillment';
import type {
  AbandonCallback,
  CallbackAbandoned,
  CallbackAttempted,
  CallbackDelivered,
  FulfilmentInDoubt,
  FulfilmentRequested,
  MarkInDoubt,
  MarkPending,
  OrderFailed,
  OrderMarkedPending,
  OrderPlaced,
  OrderSucceeded,
  PlaceOrder,
  RecordCallbackAttempt,
  RecordCallbackDelivered,
  RecordOutcome,
} from '@kios/ordering';
import { telkomselCredit } from '@kios/testing';

export const REQUEST_ID = '20250115100610123456789';
export const ORDER_ID = 'ORD-7781002';
export const SUPPLIER_REF = supplierReferenceFor(REQUEST_ID);
export const T0 = new Date('2025-01-15T03:06:10.000Z');
export const secondsAfterT0 = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const iso = (seconds: number) => secondsAfterT0(seconds).toISOString();

export const listed = (product: Product): ProductState => ({ status: 'listed', product });

/** Create Order for Telkomsel credit to a number DANA sent in +62 form. */
export function placeOrder(overrides: Partial<PlaceOrder['data']> = {}): PlaceOrder {
  const destination = { primaryParam: '+6281234567890' };
  return {
    type: 'PlaceOrder',
    data: {
      requestId: REQUEST_ID,
      orderId: ORDER_ID,
      productId: telkomselCredit.productId,
      product: listed(telkomselCredit),
      destination,
      destinationCheck: checkDestination(telkomselCredit, destination),
      danaSellingPrice: idr(1_025_000),
      now: T0,
      ...overrides,
    },
  };
}

export function orderPlaced(overrides: Partial<OrderPlaced['data']> = {}): OrderPlaced {
  return {
    type: 'OrderPlaced',
    data: {
      requestId: REQUEST_ID,
      orderId: ORDER_ID,
      productId: 'TSEL-10K',
      product: productData(telkomselCredit),
      destination: { primaryParam: '+6281234567890' },
      price: '1025000',
      placedAt: iso(0),
      ...overrides,
    },
  };
}

export function fulfilmentRequested(
  overrides: Partial<FulfilmentRequested['data']> = {},
): FulfilmentRequested {
  return {
    type: 'FulfilmentRequested',
    data: {
      requestId: REQUEST_ID,
      supplierRef: SUPPLIER_REF,
      destination: { primaryParam: '081234567890' },
      requestedAt: iso(0),
      ...overrides,
    },
  };
}

export function orderMarkedPending(overrides: Partial<OrderMarkedPending['data']> = {}): OrderMarkedPending {
  return {
    type: 'OrderMarkedPending',
    data: { requestId: REQUEST_ID, markedPendingAt: iso(5), ...overrides },
  };
}

export function fulfilmentInDoubt(overrides: Partial<FulfilmentInDoubt['data']> = {}): FulfilmentInDoubt {
  return {
    type: 'FulfilmentInDoubt',
    data: { requestId: REQUEST_ID, reason: 'no answer within 5000 ms', inDoubtAt: iso(5), ...overrides },
  };
}

export function orderSucceeded(overrides: Partial<OrderSucceeded['data']> = {}): OrderSucceeded {
  return {
    type: 'OrderSucceeded',
    data: { requestId: REQUEST_ID, serialNumber: '0412345678901234', succeededAt: iso(30), ...overrides },
  };
}

export function orderFailed(overrides: Partial<OrderFailed['data']> = {}): OrderFailed {
  return {
    type: 'OrderFailed',
    data: {
      requestId: REQUEST_ID,
      code: 'supplier_failed',
      reason: 'the supplier rejected the purchase',
      failedAt: iso(30),
      ...overrides,
    },
  };
}

export function callbackAttempted(overrides: Partial<CallbackAttempted['data']> = {}): CallbackAttempted {
  return {
    type: 'CallbackAttempted',
    data: {
      requestId: REQUEST_ID,
      attempt: 1,
      reason: 'DANA answered HTTP 503',
      nextAttemptAt: iso(45),
      attemptedAt: iso(40),
      ...overrides,
    },
  };
}

export function callbackDelivered(overrides: Partial<CallbackDelivered['data']> = {}): CallbackDelivered {
  return {
    type: 'CallbackDelivered',
    data: { requestId: REQUEST_ID, attempt: 1, deliveredAt: iso(40), ...overrides },
  };
}

export function callbackAbandoned(overrides: Partial<CallbackAbandoned['data']> = {}): CallbackAbandoned {
  return {
    type: 'CallbackAbandoned',
    data: {
      requestId: REQUEST_ID,
      reason: 'DANA refused the callback (F)',
      abandonedAt: iso(40),
      ...overrides,
    },
  };
}

export function recordSuccess(
  overrides: Partial<{ serialNumber: string; token: string; now: Date }> = {},
): RecordOutcome {
  const { now = secondsAfterT0(30), ...receipt } = overrides;
  return {
    type: 'RecordOutcome',
    data: {
      requestId: REQUEST_ID,
      outcome: { status: 'succeeded', serialNumber: '0412345678901234', ...receipt },
      now,
    },
  };
}

export function recordFailure(reason = 'the supplier rejected the purchase'): RecordOutcome {
  return {
    type: 'RecordOutcome',
    data: { requestId: REQUEST_ID, outcome: { status: 'failed', reason }, now: secondsAfterT0(30) },
  };
}

export function markPending(overrides: Partial<MarkPending['data']> = {}): MarkPending {
  return { type: 'MarkPending', data: { requestId: REQUEST_ID, now: secondsAfterT0(5), ...overrides } };
}

export function markInDoubt(overrides: Partial<MarkInDoubt['data']> = {}): MarkInDoubt {
  return {
    type: 'MarkInDoubt',
    data: { requestId: REQUEST_ID, reason: 'no answer within 5000 ms', now: secondsAfterT0(5), ...overrides },
  };
}

export function recordCallbackAttempt(
  overrides: Partial<RecordCallbackAttempt['data']> = {},
): RecordCallbackAttempt {
  return {
    type: 'RecordCallbackAttempt',
    data: {
      requestId: REQUEST_ID,
      attempt: 1,
      reason: 'DANA answered HTTP 503',
      nextAttemptAt: secondsAfterT0(45),
      now: secondsAfterT0(40),
      ...overrides,
    },
  };
}

export function recordCallbackDelivered(
  overrides: Partial<RecordCallbackDelivered['data']> = {},
): RecordCallbackDelivered {
  return {
    type: 'RecordCallbackDelivered',
    data: { requestId: REQUEST_ID, attempt: 1, now: secondsAfterT0(40), ...overrides },
  };
}

export function abandonCallback(overrides: Partial<AbandonCallback['data']> = {}): AbandonCallback {
  return {
    type: 'AbandonCallback',
    data: {
      requestId: REQUEST_ID,
      reason: 'DANA refused the callback (F)',
      now: secondsAfterT0(40),
      ...overrides,
    },
  };
}

/** The stories an order goes through, as event histories. */
export const requested = () => [orderPlaced(), fulfilmentRequested()];
export const answeredPending = () => [...requested(), orderMarkedPending()];
export const inDoubt = () => [...requested(), fulfilmentInDoubt()];
export const succeededAtOnce = () => [...requested(), orderSucceeded()];
export const failedAtOnce = () => [...requested(), orderFailed()];
export const succeededAfterPending = () => [...answeredPending(), orderSucceeded()];
export const failedAfterPending = () => [...answeredPending(), orderFailed()];
export const refused = () => [
  orderPlaced(),
  orderFailed({
    code: 'price_mismatch',
    reason: 'danaSellingPrice 1000000 does not match the product price 1025000',
    failedAt: iso(0),
  }),
];
