import type { EventSourcedDecider } from '@kios/event-store';
import type { FinalPurchaseOutcome } from '@kios/fulfillment';
import { ifDefined, instantData, minorData, optional } from '../event-data';
import type {
  AbandonCallback,
  FlagForOperator,
  MarkInDoubt,
  MarkPending,
  OrderCommand,
  RecordCallbackAttempt,
  RecordCallbackDelivered,
  RecordOutcome,
  RequestCallbackRetry,
  ReverseFulfilment,
} from './order.commands';
import {
  CallbackAlreadySettled,
  CallbackAttemptOutOfOrder,
  CallbackNotAbandoned,
  CallbackNotOwed,
  FulfilmentNotRequested,
  NothingToReverse,
  OrderAlreadyFinal,
  OrderNotFound,
} from './order.errors';
import { decodeOrderEvent, type OrderEvent } from './order.events';
import {
  evolveOrder,
  initialOrderState,
  isFinal,
  type CallbackState,
  type FinalOrder,
  type InFlightOrder,
  type OrderState,
} from './order.state';
import {
  costBreach,
  isAboutCurrentAttempt,
  moveToNextOffer,
  nextOffer,
  routedFailureReason,
} from './failover.rules';
import { operatorSettlement, settledOutcome } from './operator-settlement';
import { orderFailed, place } from './place-order.decision';

/** An order past its supplier request: waiting for the outcome, or final. */
function sentToSupplier(state: OrderState, requestId: string): InFlightOrder | FinalOrder {
  if (state.status === 'none') throw new OrderNotFound(requestId);
  if (state.status === 'placed') throw new FulfilmentNotRequested(requestId);
  return state;
}

function sameOutcome(state: FinalOrder, outcome: FinalPurchaseOutcome): boolean {
  if (state.status === 'failed' || outcome.status === 'failed') return state.status === outcome.status;
  return state.receipt.serialNumber === outcome.serialNumber && state.receipt.token === outcome.token;
}

function recordOutcome({ data }: RecordOutcome, state: OrderState): OrderEvent[] {
  const order = sentToSupplier(state, data.requestId);
  const { outcome, requestId } = data;
  if (!isAboutCurrentAttempt(order.fulfilment, data)) return [];
  if (isFinal(order)) {
    // The same news twice (a status check racing a supplier answer) is nothing new; different news is a conflict.
    if (sameOutcome(order, outcome)) return [];
    throw new OrderAlreadyFinal(requestId, order.status, outcome.status);
  }
  const at = instantData(data.now);
  if (outcome.status === 'failed') {
    // A final failure of the transaction ends the attempt: the next offer, if the route has one.
    const next = nextOffer(order, data.route);
    if (next) return moveToNextOffer(order, next, { reason: outcome.reason, nothingSent: false }, data.now);
    const reason = routedFailureReason(order.fulfilment, outcome.reason);
    return [orderFailed(requestId, { code: 'supplier_failed', reason }, at)];
  }
  return [
    {
      type: 'OrderSucceeded',
      data: {
        requestId,
        serialNumber: outcome.serialNumber,
        ...optional('token', outcome.token),
        succeededAt: at,
        ...optional('supplier', order.fulfilment.offer?.supplier),
        ...optional('cost', ifDefined(outcome.cost, minorData)),
        ...optional('costBreach', costBreach(order, outcome.cost)),
      },
    },
  ];
}

/** Once final, the answer to DANA is the final status, so a late PENDING decides nothing. */
function markPending({ data }: MarkPending, state: OrderState): OrderEvent[] {
  const order = sentToSupplier(state, data.requestId);
  if (isFinal(order) || order.order.answeredPending) return [];
  return [
    {
      type: 'OrderMarkedPending',
      data: { requestId: data.requestId, markedPendingAt: instantData(data.now) },
    },
  ];
}

/** Once final, the outcome is known and a late timeout tells nothing. */
function markInDoubt({ data }: MarkInDoubt, state: OrderState): OrderEvent[] {
  const order = sentToSupplier(state, data.requestId);
  if (isFinal(order) || order.status === 'in_doubt') return [];
  // Refused on the attempt's first call, with nothing heard under it yet: nothing was bought there.
  const next = data.nothingSent && order.status === 'requested' ? nextOffer(order, data.route) : undefined;
  if (next) return moveToNextOffer(order, next, { reason: data.reason, nothingSent: true }, data.now);
  return [
    {
      type: 'FulfilmentInDoubt',
      data: { requestId: data.requestId, reason: data.reason, inDoubtAt: instantData(data.now) },
    },
  ];
}

/** A final order needs no operator; a flag already raised is not raised again. */
function flagForOperator({ data }: FlagForOperator, state: OrderState): OrderEvent[] {
  const order = sentToSupplier(state, data.requestId);
  // Flagged once per reason: a later, different reason (say, the reference grew too old to ask about) is news.
  if (isFinal(order) || order.order.flaggedForOperator?.reason === data.reason) return [];
  return [
    {
      type: 'FulfilmentFlaggedForOperator',
      data: { requestId: data.requestId, reason: data.reason, flaggedAt: instantData(data.now) },
    },
  ];
}

/**
 * A success the supplier takes back stays a success to DANA (docs/architecture.md §3): the reversal is
 * recorded once, beside it. A second reversal adds nothing an operator does not already see.
 */
function reverseFulfilment({ data }: ReverseFulfilment, state: OrderState): OrderEvent[] {
  const order = sentToSupplier(state, data.requestId);
  if (order.status !== 'succeeded') throw new NothingToReverse(data.requestId, order.status);
  if (order.reversal) return [];
  return [
    {
      type: 'FulfilmentReversed',
      data: {
        requestId: data.requestId,
        rc: data.rc,
        message: data.message,
        reversedAt: instantData(data.now),
      },
    },
  ];
}

type CallbackDue = Exclude<CallbackState, { status: 'not_owed' }>;

/** The callback of an order that is final after kios answered DANA PENDING (docs/architecture.md §3). */
function owedCallback(state: OrderState, requestId: string): CallbackDue {
  if (state.status === 'none') throw new OrderNotFound(requestId);
  if (!isFinal(state)) throw new CallbackNotOwed(requestId, 'the order is not final yet');
  if (state.callback.status === 'not_owed') {
    throw new CallbackNotOwed(requestId, 'DANA got the final status in its Create Order answer');
  }
  return state.callback;
}

function nextAttempt(callback: CallbackDue, requestId: string): number {
  if (callback.status !== 'owed') throw new CallbackAlreadySettled(requestId, callback.status);
  return callback.attempts + 1;
}

function recordCallbackAttempt({ data }: RecordCallbackAttempt, state: OrderState): OrderEvent[] {
  const callback = owedCallback(state, data.requestId);
  const expected = nextAttempt(callback, data.requestId);
  if (data.attempt < expected) return []; // already recorded: the callback worker resumed after a crash
  if (data.attempt > expected) throw new CallbackAttemptOutOfOrder(data.requestId, expected, data.attempt);
  return [
    {
      type: 'CallbackAttempted',
      data: {
        requestId: data.requestId,
        attempt: data.attempt,
        reason: data.reason,
        ...optional('nextAttemptAt', ifDefined(data.nextAttemptAt, instantData)),
        attemptedAt: instantData(data.now),
      },
    },
  ];
}

function recordCallbackDelivered({ data }: RecordCallbackDelivered, state: OrderState): OrderEvent[] {
  const callback = owedCallback(state, data.requestId);
  if (callback.status === 'delivered') return [];
  const expected = nextAttempt(callback, data.requestId);
  if (data.attempt !== expected) throw new CallbackAttemptOutOfOrder(data.requestId, expected, data.attempt);
  return [
    {
      type: 'CallbackDelivered',
      data: { requestId: data.requestId, attempt: data.attempt, deliveredAt: instantData(data.now) },
    },
  ];
}

function abandonCallback({ data }: AbandonCallback, state: OrderState): OrderEvent[] {
  const callback = owedCallback(state, data.requestId);
  if (callback.status === 'abandoned') return [];
  if (callback.status === 'delivered') throw new CallbackAlreadySettled(data.requestId, 'delivered');
  return [
    {
      type: 'CallbackAbandoned',
      data: { requestId: data.requestId, reason: data.reason, abandonedAt: instantData(data.now) },
    },
  ];
}

function requestCallbackRetry({ data }: RequestCallbackRetry, state: OrderState): OrderEvent[] {
  const callback = owedCallback(state, data.requestId);
  if (callback.status !== 'abandoned') throw new CallbackNotAbandoned(data.requestId, callback.status);
  return [
    {
      type: 'CallbackRetryRequested',
      data: {
        requestId: data.requestId,
        requestedBy: data.requestedBy,
        requestedAt: instantData(data.now),
      },
    },
  ];
}

export function decideOrder(command: OrderCommand, state: OrderState): OrderEvent[] {
  switch (command.type) {
    case 'PlaceOrder':
      return state.status === 'none' ? place(command) : []; // DANA repeats Create Order: answer the order as it is
    case 'RecordOutcome':
      return recordOutcome(command, state);
    case 'MarkPending':
      return markPending(command, state);
    case 'MarkInDoubt':
      return markInDoubt(command, state);
    case 'FlagForOperator':
      return flagForOperator(command, state);
    case 'RecordCallbackAttempt':
      return recordCallbackAttempt(command, state);
    case 'RecordCallbackDelivered':
      return recordCallbackDelivered(command, state);
    case 'AbandonCallback':
      return abandonCallback(command, state);
    case 'RequestCallbackRetry':
      return requestCallbackRetry(command, state);
    case 'ReverseFulfilment':
      return reverseFulfilment(command, state);
    case 'SettleByOperator': // its audit event, then the outcome recorded as a supplier's would be
      return [operatorSettlement(command, state), ...recordOutcome(settledOutcome(command), state)];
  }
}

export const orderDecider: EventSourcedDecider<OrderCommand, OrderEvent, OrderState> = {
  decide: decideOrder,
  evolve: evolveOrder,
  initialState: initialOrderState,
  decode: decodeOrderEvent,
};
