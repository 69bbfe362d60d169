// Long on purpose: every order event type, with its data, and the one decoder table that reads them all back.
import { productDataCheck, type ProductData } from '@kios/catalog';
import {
  type DomainEvent,
  eventDecoder,
  isBoolean,
  isInstant,
  isDigits,
  isPositiveInteger,
  isString,
  oneOf,
  optional,
  shape,
} from '@kios/event-store';
import type { Destination } from '@kios/fulfillment';
import { billAmountsDataCheck, type BillAmountsData, destinationDataCheck } from '../event-data';

export const ORDER_STREAM_PREFIX = 'order-';

/** One stream per DANA requestId; its first append expects no stream, which makes Create Order idempotent (docs/architecture.md §3). */
export const orderStream = (requestId: string): string => `${ORDER_STREAM_PREFIX}${requestId}`;

/** Why an order failed: the first six refuse it at Create Order, before any fulfilment. */
export type OrderFailureCode =
  | 'product_not_found'
  | 'product_delisted'
  | 'product_unavailable'
  | 'invalid_destination'
  | 'price_mismatch'
  | 'inquiry_rejected'
  | 'supplier_failed';

export type OrderPlacedData = {
  requestId: string;
  orderId: string;
  productId: string;
  /** The product as the catalog had it; absent when the catalog does not know productId. */
  product?: ProductData;
  /** As DANA sent it: order answers echo it (docs/dana-protocol.md §3.3). */
  destination: Destination;
  /** danaSellingPrice, minor units. */
  price: string;
  inquiryId?: string;
  /** The inquiry's bill, for the order's extendInfo (bill-priced products only). */
  billAmounts?: BillAmountsData;
  placedAt: string;
};

export type OrderPlaced = DomainEvent<'OrderPlaced', OrderPlacedData>;
/**
 * Written before the supplier is called, so every retry and status check uses this one reference.
 * One per attempt: a routed order moved to its next offer (after FulfilmentAttemptFailed) gets another,
 * with `attempt` 2, 3, … and that attempt's own reference (attemptReferenceFor). `supplier` and `sku`
 * name the offer a routed kios chose. All three came later and are optional: absent, it is the first
 * attempt, at the one supplier kios was configured with, as in every order stored before routing.
 */
export type FulfilmentRequested = DomainEvent<
  'FulfilmentRequested',
  {
    requestId: string;
    supplierRef: string;
    destination: Destination;
    requestedAt: string;
    attempt?: number;
    supplier?: string;
    sku?: string;
  }
>;
/**
 * An attempt ended without a purchase and the order moves on to its next offer: the supplier's final
 * failure of the transaction (`nothingSent` false), or the connection refused on the attempt's first
 * call (`nothingSent` true). Never after an answer that leaves the purchase open (docs/architecture.md
 * §4 step 4, failover). A FulfilmentRequested for the next attempt follows in the same append.
 */
export type FulfilmentAttemptFailed = DomainEvent<
  'FulfilmentAttemptFailed',
  {
    requestId: string;
    attempt: number;
    supplierRef: string;
    supplier?: string;
    sku?: string;
    reason: string;
    nothingSent: boolean;
    failedAt: string;
  }
>;
/** kios answered DANA PENDING: the Order Complete Callback is owed once the order is final (docs/dana-protocol.md §3.5). */
export type OrderMarkedPending = DomainEvent<
  'OrderMarkedPending',
  { requestId: string; markedPendingAt: string }
>;
/**
 * `supplier`, `cost` and `costBreach` came later and are optional: the supplier of the attempt that
 * sold (a routed order's), what it charged as its answer said (minor units), and, when that cost
 * broke the offer's maxCost or DANA's price, why (an operator is alerted; `kios-cli margins`).
 */
export type OrderSucceeded = DomainEvent<
  'OrderSucceeded',
  {
    requestId: string;
    serialNumber: string;
    token?: string;
    succeededAt: string;
    supplier?: string;
    cost?: string;
    costBreach?: string;
  }
>;
export type OrderFailed = DomainEvent<
  'OrderFailed',
  { requestId: string; code: OrderFailureCode; reason: string; failedAt: string }
>;
/**
 * The supplier gave no usable answer (in_doubt: none in time, a call that failed, or an answer the
 * adapter could not use): it may or may not have bought; only a status check can tell
 * (docs/architecture.md §4 step 4). Only the reason's text is stored, never the supplier port's word
 * for it, so renaming the port's outcomes (a status check's `unknown` became `not_found`, with
 * `in_doubt` added) changed no stored data and needs no upcast: a not_found status records nothing
 * (the purchase is repeated under the stored reference) and the simulator's purchase log stores
 * final outcomes only.
 */
export type FulfilmentInDoubt = DomainEvent<
  'FulfilmentInDoubt',
  { requestId: string; reason: string; inDoubtAt: string }
>;
/**
 * The fulfilment follow-up ran past its horizon without a final answer from the supplier: an operator
 * must settle the order with the supplier. Nothing is guessed; the order stays as it was.
 */
export type FulfilmentFlaggedForOperator = DomainEvent<
  'FulfilmentFlaggedForOperator',
  { requestId: string; reason: string; flaggedAt: string }
>;
/** One callback attempt that DANA did not accept. */
export type CallbackAttempted = DomainEvent<
  'CallbackAttempted',
  { requestId: string; attempt: number; reason: string; nextAttemptAt?: string; attemptedAt: string }
>;
export type CallbackDelivered = DomainEvent<
  'CallbackDelivered',
  { requestId: string; attempt: number; deliveredAt: string }
>;
export type CallbackAbandoned = DomainEvent<
  'CallbackAbandoned',
  { requestId: string; reason: string; abandonedAt: string }
>;

/** An operator asked to send an abandoned callback again (`kios-cli callbacks retry`); the retries start over. */
export type CallbackRetryRequested = DomainEvent<
  'CallbackRetryRequested',
  { requestId: string; requestedBy: string; requestedAt: string }
>;

/**
 * An operator settled, by hand, an order kios would not decide alone (flagged past a horizon, or in
 * doubt too long: docs/digiflazz.md §10, `kios-cli orders settle`): who, what they decided and on what
 * evidence. Always followed, in the same append, by the ordinary OrderSucceeded or OrderFailed, so
 * the read models, the callback and Get Order Detail read the outcome as any other.
 */
export type FulfilmentSettledByOperator = DomainEvent<
  'FulfilmentSettledByOperator',
  {
    requestId: string;
    settledBy: string;
    decision: 'succeeded' | 'failed';
    evidence: string;
    settledAt: string;
  }
>;

/**
 * The supplier took back a purchase kios had already finished as SUCCESS (a Digiflazz `update` saying
 * Gagal, or rc 74 refund: docs/digiflazz.md §6). DANA was told SUCCESS and a final status never
 * changes (docs/architecture.md §3), so the order stays succeeded; this records the supplier's word
 * and flags the order for an operator. `rc` and `message` are the supplier's own.
 */
export type FulfilmentReversed = DomainEvent<
  'FulfilmentReversed',
  { requestId: string; rc: string; message: string; reversedAt: string }
>;

export type OrderEvent =
  | OrderPlaced
  | FulfilmentRequested
  | FulfilmentAttemptFailed
  | OrderMarkedPending
  | OrderSucceeded
  | OrderFailed
  | FulfilmentInDoubt
  | FulfilmentFlaggedForOperator
  | CallbackAttempted
  | CallbackDelivered
  | CallbackAbandoned
  | CallbackRetryRequested
  | FulfilmentReversed
  | FulfilmentSettledByOperator;

/**
 * Reads stored order events: the aggregate repository, the projections, the callback handler and
 * the audit readers all go through it. Every type is at schema version 1, its first: no upcasts
 * yet. A changed shape gets a new version here and an upcast from the one before.
 */
export const decodeOrderEvent = eventDecoder<OrderEvent>({
  OrderPlaced: {
    schemaVersion: 1,
    check: shape({
      requestId: isString,
      orderId: isString,
      productId: isString,
      product: optional(productDataCheck),
      destination: destinationDataCheck,
      price: isDigits,
      inquiryId: optional(isString),
      billAmounts: optional(billAmountsDataCheck),
      placedAt: isInstant,
    }),
  },
  FulfilmentRequested: {
    schemaVersion: 1,
    check: shape({
      requestId: isString,
      supplierRef: isString,
      destination: destinationDataCheck,
      requestedAt: isInstant,
      attempt: optional(isPositiveInteger),
      supplier: optional(isString),
      sku: optional(isString),
    }),
  },
  FulfilmentAttemptFailed: {
    schemaVersion: 1,
    check: shape({
      requestId: isString,
      attempt: isPositiveInteger,
      supplierRef: isString,
      supplier: optional(isString),
      sku: optional(isString),
      reason: isString,
      nothingSent: isBoolean,
      failedAt: isInstant,
    }),
  },
  OrderMarkedPending: {
    schemaVersion: 1,
    check: shape({ requestId: isString, markedPendingAt: isInstant }),
  },
  OrderSucceeded: {
    schemaVersion: 1,
    check: shape({
      requestId: isString,
      serialNumber: isString,
      token: optional(isString),
      succeededAt: isInstant,
      supplier: optional(isString),
      cost: optional(isDigits),
      costBreach: optional(isString),
    }),
  },
  OrderFailed: {
    schemaVersion: 1,
    check: shape({
      requestId: isString,
      code: oneOf(
        'product_not_found',
        'product_delisted',
        'product_unavailable',
        'invalid_destination',
        'price_mismatch',
        'inquiry_rejected',
        'supplier_failed',
      ),
      reason: isString,
      failedAt: isInstant,
    }),
  },
  FulfilmentInDoubt: {
    schemaVersion: 1,
    check: shape({ requestId: isString, reason: isString, inDoubtAt: isInstant }),
  },
  FulfilmentFlaggedForOperator: {
    schemaVersion: 1,
    check: shape({ requestId: isString, reason: isString, flaggedAt: isInstant }),
  },
  CallbackAttempted: {
    schemaVersion: 1,
    check: shape({
      requestId: isString,
      attempt: isPositiveInteger,
      reason: isString,
      nextAttemptAt: optional(isInstant),
      attemptedAt: isInstant,
    }),
  },
  CallbackDelivered: {
    schemaVersion: 1,
    check: shape({ requestId: isString, attempt: isPositiveInteger, deliveredAt: isInstant }),
  },
  CallbackAbandoned: {
    schemaVersion: 1,
    check: shape({ requestId: isString, reason: isString, abandonedAt: isInstant }),
  },
  CallbackRetryRequested: {
    schemaVersion: 1,
    check: shape({ requestId: isString, requestedBy: isString, requestedAt: isInstant }),
  },
  FulfilmentReversed: {
    schemaVersion: 1,
    check: shape({ requestId: isString, rc: isString, message: isString, reversedAt: isInstant }),
  },
  FulfilmentSettledByOperator: {
    schemaVersion: 1,
    check: shape({
      requestId: isString,
      settledBy: isString,
      decision: oneOf('succeeded', 'failed'),
      evidence: isString,
      settledAt: isInstant,
    }),
  },
});
