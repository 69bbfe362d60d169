/** What the follow-up decision specs share: the horizons, the supplier's answers, the commands and decisions they expect. */
import type { PurchaseOutcome, PurchaseRequest, StatusOutcome } from '@kios/fulfillment';
import {
  decideFollowUp,
  orderDecider,
  type FlagForOperator,
  type FollowUpDecision,
  type FollowUpSettings,
  type FulfilmentFlaggedForOperator,
  type OrderEvent,
  type RecordOutcome,
  type SupplierNews,
} from '@kios/ordering';
import { telkomselCredit } from '@kios/testing';
import { fulfilmentRequested, REQUEST_ID, secondsAfterT0, SUPPLIER_REF } from '../order/order.builders';

export const DAY_MS = 86_400_000;
export const ONE_DAY: FollowUpSettings = { fulfilmentHorizonMs: DAY_MS };
/** A minute after the order was placed: well within the horizon. */
export const SOON = secondsAfterT0(60);
/** The horizon, to the millisecond. */
export const AT_HORIZON = secondsAfterT0(86_400);
export const REASON = 'no final answer from the supplier 24.0 h after the order was placed';

/**
 * given the order's events, when the follow-up has heard `news` from the supplier at `now`, then
 * it decides `expected` (decideFollowUp is the follow-up's decider; the handler only does I/O).
 */
export const spec = {
  given(events: OrderEvent[]) {
    const state = events.reduce(orderDecider.evolve, orderDecider.initialState);
    return {
      when(news: SupplierNews, now = SOON, settings = ONE_DAY) {
        return {
          then(expected: FollowUpDecision) {
            expect(decideFollowUp(state, news, now, settings)).toEqual(expected);
          },
        };
      },
    };
  },
};

export const status = (answer: StatusOutcome): SupplierNews => ({ asked: 'status', answer });
export const purchase = (answer: PurchaseOutcome): SupplierNews => ({ asked: 'purchase', answer });
/** The deadline's "no answer" (see answerOrInDoubt). */
export const noStatus = status({ status: 'in_doubt', reason: 'the supplier did not answer within 5000 ms' });
export const noPurchase = purchase({
  status: 'in_doubt',
  reason: 'the supplier call failed: socket hang up',
});
/** An adapter's own in_doubt: an answer it could not use. */
export const statusInDoubt = status({ status: 'in_doubt', reason: 'the supplier answered HTTP 503' });
export const purchaseInDoubt = purchase({ status: 'in_doubt', reason: 'unmapped response code 99' });

export const SUCCEEDED = { status: 'succeeded', serialNumber: '0412345678901234' } as const;
export const FAILED = { status: 'failed', reason: 'the supplier rejected the purchase' } as const;

/** The follow-up records an answer as about the reference it asked under: the order's stored one. */
export const recordOutcome = (outcome: RecordOutcome['data']['outcome'], now = SOON): RecordOutcome => ({
  type: 'RecordOutcome',
  data: { requestId: REQUEST_ID, outcome, supplierRef: SUPPLIER_REF, now },
});
export const flagForOperator = (now = AT_HORIZON, reason = REASON): FlagForOperator => ({
  type: 'FlagForOperator',
  data: { requestId: REQUEST_ID, reason, now },
});
export const flagged = (): FulfilmentFlaggedForOperator => ({
  type: 'FulfilmentFlaggedForOperator',
  data: { requestId: REQUEST_ID, reason: REASON, flaggedAt: AT_HORIZON.toISOString() },
});

export const nothing: FollowUpDecision = { record: [], alertOperator: false };
/** The purchase as Create Order made it: product, destination and the supplier reference stored with the order. */
export function storedPurchase(): PurchaseRequest {
  return {
    product: telkomselCredit,
    destination: fulfilmentRequested().data.destination,
    supplierRef: SUPPLIER_REF,
  };
}
/** A status check is the stored purchase request, as a supplier may check only by repeating it. */
export const checkStatus: FollowUpDecision = {
  record: [],
  ask: { ask: 'status', request: storedPurchase() },
  alertOperator: false,
};
/** The purchase stored with the order, asked again under the same supplier reference. */
export const buyAgain: FollowUpDecision = {
  record: [],
  ask: { ask: 'purchase', request: storedPurchase() },
  alertOperator: false,
};
export const recorded = (command: RecordOutcome): FollowUpDecision => ({
  record: [command],
  alertOperator: false,
});
export const flagAndAlert = (now = AT_HORIZON, reason = REASON): FollowUpDecision => ({
  record: [flagForOperator(now, reason)],
  alertOperator: true,
});
