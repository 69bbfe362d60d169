// Long on purpose: the order as it stands, and the one evolve that folds every order event into it.
import { productFromData, type Product } from '@kios/catalog';
import type { Money } from '@kios/dana-protocol';
import type { BillAmounts, Destination, OfferChoice, Receipt } from '@kios/fulfillment';
import { billAmountsFromData, ifDefined, instantFromData, moneyFromData, optional } from '../event-data';
import type { OrderEvent, OrderFailureCode, OrderPlacedData } from './order.events';

/** The facts of an order from Create Order on. */
export type PlacedOrder = {
  requestId: string;
  orderId: string;
  productId: string;
  product?: Product;
  /** As DANA sent it. */
  destination: Destination;
  /** danaSellingPrice. */
  price: Money;
  inquiryId?: string;
  billAmounts?: BillAmounts;
  createdAt: Date;
  /** The last change of the order itself; callback attempts do not change the order. */
  modifiedAt: Date;
  /** kios answered DANA PENDING at least once, so DANA waits for a callback. */
  answeredPending: boolean;
  /** The follow-up gave up on the supplier and asked an operator; stays in the history once final. */
  flaggedForOperator?: OperatorFlag;
};

export type OperatorFlag = { reason: string; flaggedAt: Date };

/**
 * What kios asked the supplier for. `requestedAt`: when it first asked under the reference (a
 * supplier may refuse to be asked about an old reference again); absent where a read model keeps no
 * such time.
 */
export type Fulfilment = {
  supplierRef: string;
  destination: Destination;
  requestedAt?: Date;
  /** Which attempt this is, 1-based; absent: the first (every order before routing, and read models). */
  attempt?: number;
  /** The offer a routed kios chose for this attempt; absent: the one configured supplier's pick. */
  offer?: OfferChoice;
  /** The attempts before this one, each ended by FulfilmentAttemptFailed, oldest first; absent: none. */
  failedAttempts?: FailedAttempt[];
};

/** An attempt that ended without a purchase, and why (FulfilmentAttemptFailed). */
export type FailedAttempt = {
  attempt: number;
  supplierRef: string;
  offer?: OfferChoice;
  reason: string;
  nothingSent: boolean;
};

/** The attempt number of a fulfilment (1 when it does not say). */
export const attemptOf = (fulfilment: Fulfilment): number => fulfilment.attempt ?? 1;

export type OrderFailure = { code: OrderFailureCode; reason: string };

/** What the supplier said when it took back a purchase kios had finished as SUCCESS. */
export type Reversal = { rc: string; message: string; reversedAt: Date };

/** The operator flag a reversal raises; `kios-cli orders flagged` lists it with this reason. */
export function reversalFlagReason(rc: string, message: string): string {
  return `reversed by the supplier: rc ${rc}${message ? ` (${message})` : ''}`;
}

/** The Order Complete Callback (docs/dana-protocol.md §3.5, §5.6); `not_owed` when DANA got the final status in its Create Order answer. */
export type CallbackState =
  | { status: 'not_owed' }
  | {
      status: 'owed';
      attempts: number;
      lastFailure?: string;
      nextAttemptAt?: Date;
      /** An operator asked to send it again after it was abandoned; retries count their give-up time from here. */
      retryRequestedAt?: Date;
    }
  | { status: 'delivered'; attempts: number; deliveredAt: Date }
  | { status: 'abandoned'; attempts: number; reason: string; abandonedAt: Date };

/**
 * - placed: recorded, not yet sent to a supplier (only ever seen between the events of one decision)
 * - requested: the supplier was asked; no answer yet
 * - pending: the supplier accepted and will settle later, or kios answered DANA before it answered
 * - in_doubt: the supplier gave no usable answer; it may have bought (docs/architecture.md §4 step 4)
 * - succeeded / failed: final (docs/architecture.md §3)
 */
export type OrderState =
  | { status: 'none' }
  | { status: 'placed'; order: PlacedOrder }
  | { status: 'requested' | 'pending' | 'in_doubt'; order: PlacedOrder; fulfilment: Fulfilment }
  | {
      status: 'succeeded';
      order: PlacedOrder;
      fulfilment: Fulfilment;
      receipt: Receipt;
      callback: CallbackState;
      /** The supplier took the purchase back after DANA was told SUCCESS (FulfilmentReversed). */
      reversal?: Reversal;
      /** The cost broke the offer's maxCost or DANA's price (OrderSucceeded.costBreach). */
      costBreach?: string;
    }
  | {
      status: 'failed';
      order: PlacedOrder;
      fulfilment?: Fulfilment;
      failure: OrderFailure;
      callback: CallbackState;
    };

export type InFlightOrder = Extract<OrderState, { status: 'requested' | 'pending' | 'in_doubt' }>;
export type FinalOrder = Extract<OrderState, { status: 'succeeded' | 'failed' }>;

export const initialOrderState: OrderState = { status: 'none' };

export type OrderStatus = OrderState['status'];

export function isInFlight(state: OrderState): state is InFlightOrder {
  return state.status === 'requested' || state.status === 'pending' || state.status === 'in_doubt';
}

export function isFinal(state: OrderState): state is FinalOrder {
  return isFinalStatus(state.status);
}

/** succeeded and failed are final: no later event moves an order out of them (read models keep to it too). */
export function isFinalStatus(status: OrderStatus): status is FinalOrder['status'] {
  return status === 'succeeded' || status === 'failed';
}

/**
 * An in-flight order's status once kios answered DANA PENDING: a doubt stays a doubt (answering
 * PENDING tells nothing about the supplier), anything else is pending. Read models keep to it too.
 */
export function statusMarkedPending(status: InFlightOrder['status']): 'pending' | 'in_doubt' {
  return status === 'in_doubt' ? 'in_doubt' : 'pending';
}

function placedOrder(data: OrderPlacedData): PlacedOrder {
  const placedAt = instantFromData(data.placedAt);
  return {
    requestId: data.requestId,
    orderId: data.orderId,
    productId: data.productId,
    ...optional('product', ifDefined(data.product, productFromData)),
    destination: { ...data.destination },
    price: moneyFromData(data.price),
    ...optional('inquiryId', data.inquiryId),
    ...optional('billAmounts', ifDefined(data.billAmounts, billAmountsFromData)),
    createdAt: placedAt,
    modifiedAt: placedAt,
    answeredPending: false,
  };
}

const touched = (order: PlacedOrder, at: string): PlacedOrder => ({
  ...order,
  modifiedAt: instantFromData(at),
});

const callbackOnceFinal = (order: PlacedOrder): CallbackState =>
  order.answeredPending ? { status: 'owed', attempts: 0 } : { status: 'not_owed' };

function withCallback(state: OrderState, change: (callback: CallbackState) => CallbackState): OrderState {
  return isFinal(state) ? { ...state, callback: change(state.callback) } : state;
}

function withoutOperatorFlag({ flaggedForOperator: _dealtWith, ...order }: PlacedOrder): PlacedOrder {
  return order;
}

function offerChoiceOf(data: { supplier?: string; sku?: string }): OfferChoice | undefined {
  return data.supplier === undefined || data.sku === undefined
    ? undefined
    : { supplier: data.supplier, sku: data.sku };
}

/** Events are facts: one that does not fit the state (it cannot happen through decide) leaves the state as it is. */
export function evolveOrder(state: OrderState, event: OrderEvent): OrderState {
  switch (event.type) {
    case 'OrderPlaced':
      return state.status === 'none' ? { status: 'placed', order: placedOrder(event.data) } : state;
    case 'FulfilmentRequested': {
      const attempt = event.data.attempt ?? 1;
      // The first attempt follows placing; a later one follows the failure of the one before.
      let failedAttempts: FailedAttempt[] | undefined;
      if (state.status === 'placed') {
        if (attempt !== 1) return state;
      } else if (isInFlight(state) && attempt > attemptOf(state.fulfilment)) {
        // Later than the current one (a read model that keeps no attempt number reads each as the first).
        failedAttempts = state.fulfilment.failedAttempts;
      } else {
        return state;
      }
      return {
        status: 'requested',
        order: touched(state.order, event.data.requestedAt),
        fulfilment: {
          supplierRef: event.data.supplierRef,
          destination: { ...event.data.destination },
          requestedAt: instantFromData(event.data.requestedAt),
          ...optional('attempt', event.data.attempt),
          ...optional('offer', offerChoiceOf(event.data)),
          ...optional('failedAttempts', failedAttempts),
        },
      };
    }
    case 'FulfilmentAttemptFailed': {
      if (!isInFlight(state) || event.data.attempt !== attemptOf(state.fulfilment)) return state;
      const failed: FailedAttempt = {
        attempt: event.data.attempt,
        supplierRef: event.data.supplierRef,
        ...optional('offer', offerChoiceOf(event.data)),
        reason: event.data.reason,
        nothingSent: event.data.nothingSent,
      };
      return {
        ...state,
        fulfilment: {
          ...state.fulfilment,
          failedAttempts: [...(state.fulfilment.failedAttempts ?? []), failed],
        },
      };
    }
    case 'OrderMarkedPending':
      if (!isInFlight(state)) return state;
      return {
        ...state,
        status: statusMarkedPending(state.status),
        order: { ...touched(state.order, event.data.markedPendingAt), answeredPending: true },
      };
    case 'FulfilmentInDoubt':
      if (!isInFlight(state)) return state;
      return { ...state, status: 'in_doubt', order: touched(state.order, event.data.inDoubtAt) };
    case 'OrderSucceeded':
      if (!isInFlight(state)) return state;
      return {
        status: 'succeeded',
        order: touched(state.order, event.data.succeededAt),
        fulfilment: state.fulfilment,
        receipt: {
          serialNumber: event.data.serialNumber,
          ...optional('token', event.data.token),
          ...optional('cost', ifDefined(event.data.cost, moneyFromData)),
        },
        callback: callbackOnceFinal(state.order),
        ...optional('costBreach', event.data.costBreach),
      };
    case 'OrderFailed':
      if (state.status !== 'placed' && !isInFlight(state)) return state;
      return {
        status: 'failed',
        order: touched(state.order, event.data.failedAt),
        ...optional('fulfilment', state.status === 'placed' ? undefined : state.fulfilment),
        failure: { code: event.data.code, reason: event.data.reason },
        callback: callbackOnceFinal(state.order),
      };
    case 'FulfilmentFlaggedForOperator':
      if (!isInFlight(state)) return state;
      // Not a change of the order DANA sees, so modifiedAt stays.
      return {
        ...state,
        order: {
          ...state.order,
          flaggedForOperator: { reason: event.data.reason, flaggedAt: instantFromData(event.data.flaggedAt) },
        },
      };
    case 'FulfilmentSettledByOperator':
      if (!isInFlight(state)) return state;
      // The operator dealt with the flag; the outcome event that follows changes the order.
      return { ...state, order: withoutOperatorFlag(state.order) };
    case 'FulfilmentReversed': {
      if (state.status !== 'succeeded' || state.reversal) return state;
      const reversedAt = instantFromData(event.data.reversedAt);
      // DANA's view does not change (the order stays SUCCESS, modifiedAt stays); an operator must look.
      return {
        ...state,
        reversal: { rc: event.data.rc, message: event.data.message, reversedAt },
        order: {
          ...state.order,
          flaggedForOperator: {
            reason: reversalFlagReason(event.data.rc, event.data.message),
            flaggedAt: reversedAt,
          },
        },
      };
    }
    case 'CallbackAttempted':
      return withCallback(state, (callback) =>
        callback.status !== 'owed'
          ? callback
          : {
              status: 'owed',
              attempts: event.data.attempt,
              lastFailure: event.data.reason,
              ...optional('nextAttemptAt', ifDefined(event.data.nextAttemptAt, instantFromData)),
              ...optional('retryRequestedAt', callback.retryRequestedAt),
            },
      );
    case 'CallbackDelivered':
      return withCallback(state, (callback) =>
        callback.status !== 'owed'
          ? callback
          : {
              status: 'delivered',
              attempts: event.data.attempt,
              deliveredAt: instantFromData(event.data.deliveredAt),
            },
      );
    case 'CallbackAbandoned':
      return withCallback(state, (callback) =>
        callback.status !== 'owed'
          ? callback
          : {
              status: 'abandoned',
              attempts: callback.attempts,
              reason: event.data.reason,
              abandonedAt: instantFromData(event.data.abandonedAt),
            },
      );
    case 'CallbackRetryRequested':
      return withCallback(state, (callback) =>
        callback.status !== 'abandoned'
          ? callback
          : {
              status: 'owed',
              attempts: callback.attempts,
              lastFailure: callback.reason,
              retryRequestedAt: instantFromData(event.data.requestedAt),
            },
      );
  }
}
