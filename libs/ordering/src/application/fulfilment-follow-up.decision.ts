import type { PurchaseOutcome, PurchaseRequest, StatusOutcome } from '@kios/fulfillment';
import type { FlagForOperator, OrderCommand, Route } from '../order/order.commands';
import { attemptOf, type InFlightOrder, isInFlight, type OrderState } from '../order/order.state';
import type { OrderingSettings } from './ordering.settings';
import { recordOutcome } from './purchase-commands';
import { purchaseRequestOf } from './purchase-request';

/** A call the follow-up makes to the supplier, always under the reference stored with the order. */
export type SupplierQuestion =
  /** The order's purchase request as first made (product, destination, reference): a supplier may check only by repeating it. */
  | { ask: 'status'; request: PurchaseRequest }
  /** The supplier has no transaction with the reference (not_found): buy again under that same reference (it cannot buy twice). */
  | { ask: 'purchase'; request: PurchaseRequest };

/**
 * What the follow-up has heard in this step: nothing asked yet, or the answer to its last question.
 * No answer within the deadline comes as in_doubt, like an adapter's unusable answer (answerOrInDoubt).
 */
export type SupplierNews =
  | { asked: 'nothing' }
  | { asked: 'status'; answer: StatusOutcome }
  | { asked: 'purchase'; answer: PurchaseOutcome };

export const NOTHING_ASKED: SupplierNews = { asked: 'nothing' };

/** What one follow-up step does next. */
export type FollowUpDecision = {
  /** Order commands to record now, decided in sequence against the order. */
  record: OrderCommand[];
  /** The next supplier call; none: this step is over. */
  ask?: SupplierQuestion;
  /**
   * `record` flags the order for an operator: alert one once it is recorded. `past_ref_horizon`: the
   * reference is too old to ask the supplier about, and kios has stopped asking.
   */
  alertOperator: boolean | 'past_ref_horizon';
};

export type FollowUpSettings = Pick<OrderingSettings, 'fulfilmentHorizonMs' | 'supplierRefHorizonMs'> & {
  /** Where a final failure may move the order: the route a routed kios has for its product now. */
  route?: Route;
};

const NOTHING_TO_DO: FollowUpDecision = { record: [], alertOperator: false };

/**
 * The fulfilment follow-up (docs/architecture.md §4 steps 3–4) for the order as stored and what the
 * supplier said so far: an order whose Create Order recorded no answer is taken over as in doubt and
 * PENDING; the supplier is asked about the stored reference; a final answer is recorded; a reference
 * the supplier has no transaction for (not_found) is bought again under the same reference, never a
 * new one; pending and in_doubt record nothing and the order is checked again later; without a final
 * answer past the horizon an operator is asked, once. A reference older than the supplier's
 * recheck horizon (settings.supplierRefHorizonMs, counted from the fulfilment's request) is never
 * asked about or bought under again: the order is flagged for an operator, with that reason, once.
 * No outcome is ever guessed.
 */
export function decideFollowUp(
  state: OrderState,
  news: SupplierNews,
  now: Date,
  settings: FollowUpSettings,
): FollowUpDecision {
  if (!isInFlight(state)) return NOTHING_TO_DO; // final, or no such order: nothing to follow
  switch (news.asked) {
    case 'nothing': {
      if (isFreshAttempt(state)) return buyFreshAttempt(state, now);
      const record = state.status === 'requested' ? takeOver(state, now) : [];
      if (pastRefHorizon(state, now, settings)) return stopAsking(state, record, now, settings);
      return { record, ask: { ask: 'status', request: purchaseRequestOf(state) }, alertOperator: false };
    }
    case 'status':
      if (news.answer.status !== 'not_found') return settle(state, news.answer, now, settings);
      if (pastRefHorizon(state, now, settings)) return stopAsking(state, [], now, settings);
      // The supplier has no transaction with this reference, so it bought nothing: the call never reached it.
      return {
        record: [],
        ask: { ask: 'purchase', request: purchaseRequestOf(state) },
        alertOperator: false,
      };
    case 'purchase':
      return settle(state, news.answer, now, settings);
  }
}

/**
 * A later attempt not yet answered: the order moved to its next offer (after a final failure) and the
 * call under the new reference may not have been made. It is bought under that reference, which
 * cannot buy twice; DANA, told PENDING or about to be, is owed the callback.
 */
function isFreshAttempt(state: InFlightOrder): boolean {
  return state.status === 'requested' && attemptOf(state.fulfilment) > 1;
}

function buyFreshAttempt(state: InFlightOrder, now: Date): FollowUpDecision {
  const markPending: OrderCommand = { type: 'MarkPending', data: { requestId: state.order.requestId, now } };
  return {
    record: [markPending],
    ask: { ask: 'purchase', request: purchaseRequestOf(state) },
    alertOperator: false,
  };
}

/** When kios first asked the supplier under the order's reference (the order's creation for records without it). */
function refSentAt({ order, fulfilment }: InFlightOrder): Date {
  return fulfilment.requestedAt ?? order.createdAt;
}

function pastRefHorizon(state: InFlightOrder, now: Date, settings: FollowUpSettings): boolean {
  const horizon = settings.supplierRefHorizonMs;
  return horizon !== undefined && now.getTime() - refSentAt(state).getTime() >= horizon;
}

/**
 * The reference is too old to ask about (Digiflazz would make a new transaction of it): no call; the
 * order is flagged with a reason naming the horizon, once (the reason depends on the order and the
 * setting only, so a later step records nothing new and alerts nobody again).
 */
function stopAsking(
  state: InFlightOrder,
  record: OrderCommand[],
  now: Date,
  settings: FollowUpSettings,
): FollowUpDecision {
  const { order, fulfilment } = state;
  const days = (settings.supplierRefHorizonMs! / 86_400_000).toFixed(1);
  const reason =
    `supplier reference ${fulfilment.supplierRef} was first sent ${refSentAt(state).toISOString()}, ` +
    `past the ${days}-day recheck horizon (KIOS_DIGIFLAZZ_RECHECK_HORIZON): kios asks the supplier ` +
    'nothing more about it';
  if (order.flaggedForOperator?.reason === reason) return { record, alertOperator: false };
  const flag: FlagForOperator = {
    type: 'FlagForOperator',
    data: { requestId: order.requestId, reason, now },
  };
  return { record: [...record, flag], alertOperator: 'past_ref_horizon' };
}

/**
 * Create Order recorded no answer within its budget: kios stopped mid-call, or could not write.
 * DANA got no final status from it, so it is PENDING to DANA and owed a callback.
 */
function takeOver({ order }: InFlightOrder, now: Date): OrderCommand[] {
  const { requestId } = order;
  return [
    {
      type: 'MarkInDoubt',
      data: { requestId, reason: 'Create Order recorded no supplier answer within its budget', now },
    },
    { type: 'MarkPending', data: { requestId, now } },
  ];
}

function settle(
  state: InFlightOrder,
  outcome: PurchaseOutcome,
  now: Date,
  settings: FollowUpSettings,
): FollowUpDecision {
  // Not final yet (pending), or nothing usable heard (in_doubt): record nothing, ask again later.
  if (outcome.status === 'pending' || outcome.status === 'in_doubt') return waitOrFlag(state, now, settings);
  const context = { supplierRef: state.fulfilment.supplierRef, route: settings.route };
  return { record: [recordOutcome(state.order.requestId, outcome, now, context)], alertOperator: false };
}

/** No final answer yet: keep waiting, unless the horizon has passed and no operator was asked yet. */
function waitOrFlag({ order }: InFlightOrder, now: Date, settings: FollowUpSettings): FollowUpDecision {
  const pastHorizon = now.getTime() - order.createdAt.getTime() >= settings.fulfilmentHorizonMs;
  if (!pastHorizon || order.flaggedForOperator) return NOTHING_TO_DO;
  return { record: [flagForOperator(order.requestId, now, settings)], alertOperator: true };
}

function flagForOperator(requestId: string, now: Date, settings: FollowUpSettings): FlagForOperator {
  const hours = (settings.fulfilmentHorizonMs / 3_600_000).toFixed(1);
  return {
    type: 'FlagForOperator',
    data: {
      requestId,
      reason: `no final answer from the supplier ${hours} h after the order was placed`,
      now,
    },
  };
}
