import type { PurchaseOutcome, PurchaseRequest, StatusOutcome } from '@kios/fulfillment';
import {
  decideFollowUp,
  NOTHING_ASKED,
  orderDecider,
  type FlagForOperator,
  type FollowUpDecision,
  type FollowUpSettings,
  type FulfilmentFlaggedForOperator,
  type OrderCommand,
  type OrderEvent,
  type RecordOutcome,
  type SupplierNews,
} from '@kios/ordering';
import { telkomselCredit } from '@kios/testing';
import {
  answeredPending,
  failedAfterPending,
  failedAtOnce,
  fulfilmentRequested,
  inDoubt,
  markInDoubt,
  markPending,
  REQUEST_ID,
  refused,
  requested,
  secondsAfterT0,
  SUPPLIER_REF,
  T0,
  succeededAfterPending,
  succeededAtOnce,
} from '../order/order.builders';

const DAY_MS = 86_400_000;
const ONE_DAY: FollowUpSettings = { fulfilmentHorizonMs: DAY_MS };
/** A minute after the order was placed: well within the horizon. */
const SOON = secondsAfterT0(60);
/** The horizon, to the millisecond. */
const AT_HORIZON = secondsAfterT0(86_400);
const REASON = 'no final answer from the supplier 24.0 h after the order was placed';

/**
 * given the order's events, when the follow-up has heard `news` from the supplier at `now`, then
 * it decides `expected` (decideFollowUp is the follow-up's decider; the handler only does I/O).
 */
const spec = {
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

const status = (answer: StatusOutcome): SupplierNews => ({ asked: 'status', answer });
const purchase = (answer: PurchaseOutcome): SupplierNews => ({ asked: 'purchase', answer });
/** The deadline's "no answer" (see answerOrInDoubt). */
const noStatus = status({ status: 'in_doubt', reason: 'the supplier did not answer within 5000 ms' });
const noPurchase = purchase({ status: 'in_doubt', reason: 'the supplier call failed: socket hang up' });
/** An adapter's own in_doubt: an answer it could not use. */
const statusInDoubt = status({ status: 'in_doubt', reason: 'the supplier answered HTTP 503' });
const purchaseInDoubt = purchase({ status: 'in_doubt', reason: 'unmapped response code 99' });

const SUCCEEDED = { status: 'succeeded', serialNumber: '0412345678901234' } as const;
const FAILED = { status: 'failed', reason: 'the supplier rejected the purchase' } as const;

const recordOutcome = (outcome: RecordOutcome['data']['outcome'], now = SOON): RecordOutcome => ({
  type: 'RecordOutcome',
  data: { requestId: REQUEST_ID, outcome, now },
});
const flagForOperator = (now = AT_HORIZON, reason = REASON): FlagForOperator => ({
  type: 'FlagForOperator',
  data: { requestId: REQUEST_ID, reason, now },
});
const flagged = (): FulfilmentFlaggedForOperator => ({
  type: 'FulfilmentFlaggedForOperator',
  data: { requestId: REQUEST_ID, reason: REASON, flaggedAt: AT_HORIZON.toISOString() },
});

const nothing: FollowUpDecision = { record: [], alertOperator: false };
/** The purchase as Create Order made it: product, destination and the supplier reference stored with the order. */
function storedPurchase(): PurchaseRequest {
  return {
    product: telkomselCredit,
    destination: fulfilmentRequested().data.destination,
    supplierRef: SUPPLIER_REF,
  };
}
/** A status check is the stored purchase request, as a supplier may check only by repeating it. */
const checkStatus: FollowUpDecision = {
  record: [],
  ask: { ask: 'status', request: storedPurchase() },
  alertOperator: false,
};
/** The purchase stored with the order, asked again under the same supplier reference. */
const buyAgain: FollowUpDecision = {
  record: [],
  ask: { ask: 'purchase', request: storedPurchase() },
  alertOperator: false,
};
const recorded = (command: RecordOutcome): FollowUpDecision => ({ record: [command], alertOperator: false });
const flagAndAlert = (now = AT_HORIZON, reason = REASON): FollowUpDecision => ({
  record: [flagForOperator(now, reason)],
  alertOperator: true,
});

describe('fulfilment follow-up decision', () => {
  describe('before asking the supplier', () => {
    it('takes over an order whose Create Order recorded no supplier answer: in doubt, PENDING to DANA (owed a callback), then asks the status of its reference', () =>
      spec
        .given(requested())
        .when(NOTHING_ASKED)
        .then({
          record: [
            markInDoubt({ reason: 'Create Order recorded no supplier answer within its budget', now: SOON }),
            markPending({ now: SOON }),
          ],
          ask: { ask: 'status', request: storedPurchase() },
          alertOperator: false,
        }));

    it('asks the status of a PENDING order under the supplier reference stored with it, recording nothing first', () =>
      spec.given(answeredPending()).when(NOTHING_ASKED).then(checkStatus));

    it('asks the status of an order in doubt the same way: a status check never buys', () =>
      spec.given(inDoubt()).when(NOTHING_ASKED).then(checkStatus));

    it('does not flag before the supplier was asked, even past the horizon', () =>
      spec.given(answeredPending()).when(NOTHING_ASKED, AT_HORIZON).then(checkStatus));
  });

  describe('after the status check', () => {
    it('keeps the order PENDING while the supplier says the purchase is still pending', () =>
      spec
        .given(answeredPending())
        .when(status({ status: 'pending' }))
        .then(nothing));

    it('records the success the supplier reports, with its serial number', () =>
      spec
        .given(answeredPending())
        .when(status(SUCCEEDED))
        .then(recorded(recordOutcome(SUCCEEDED))));

    it('records the failure the supplier reports, with its reason', () =>
      spec
        .given(inDoubt())
        .when(status(FAILED))
        .then(recorded(recordOutcome(FAILED))));

    it('buys again under the same supplier reference when the supplier has no transaction with it (not_found)', () =>
      spec
        .given(inDoubt())
        .when(status({ status: 'not_found' }))
        .then(buyAgain));

    it('buys again under the same reference after not_found for a PENDING order too, never under a new one', () =>
      spec
        .given(answeredPending())
        .when(status({ status: 'not_found' }))
        .then(buyAgain));

    it('guesses nothing when the status check gets no answer: it records nothing and asks again next time', () =>
      spec.given(inDoubt()).when(noStatus).then(nothing));

    it('handles an in_doubt status answer from the adapter as no answer: nothing recorded, never a failure', () =>
      spec.given(answeredPending()).when(statusInDoubt).then(nothing));
  });

  describe('after buying again under the same reference', () => {
    it('records the success of the repeated purchase', () =>
      spec
        .given(inDoubt())
        .when(purchase(SUCCEEDED))
        .then(recorded(recordOutcome(SUCCEEDED))));

    it('records the failure of the repeated purchase', () =>
      spec
        .given(inDoubt())
        .when(purchase(FAILED))
        .then(recorded(recordOutcome(FAILED))));

    it('keeps the order PENDING when the supplier accepts the repeated purchase as pending', () =>
      spec
        .given(inDoubt())
        .when(purchase({ status: 'pending' }))
        .then(nothing));

    it('guesses nothing when the repeated purchase gets no answer', () =>
      spec.given(inDoubt()).when(noPurchase).then(nothing));

    it('records no failure when the adapter answers the repeated purchase in_doubt', () =>
      spec.given(inDoubt()).when(purchaseInDoubt).then(nothing));
  });

  describe('past the fulfilment horizon', () => {
    it.each<[string, SupplierNews]>([
      ['the supplier still says pending', status({ status: 'pending' })],
      ['the status check gets no answer', noStatus],
      ['the adapter answers the status check in_doubt', statusInDoubt],
      ['the repeated purchase is pending', purchase({ status: 'pending' })],
      ['the repeated purchase gets no answer', noPurchase],
      ['the adapter answers the repeated purchase in_doubt', purchaseInDoubt],
    ])('flags the order for an operator, with the reason, and alerts one when %s', (_, news) =>
      spec.given(answeredPending()).when(news, AT_HORIZON).then(flagAndAlert()),
    );

    it('flags at the horizon, not a millisecond before', () =>
      spec
        .given(answeredPending())
        .when(noStatus, new Date(AT_HORIZON.getTime() - 1))
        .then(nothing));

    it('says the horizon in hours in the reason', () =>
      spec
        .given(answeredPending())
        .when(noStatus, secondsAfterT0(5400), { fulfilmentHorizonMs: 90 * 60_000 })
        .then(
          flagAndAlert(
            secondsAfterT0(5400),
            'no final answer from the supplier 1.5 h after the order was placed',
          ),
        ));

    it('flags an order once: one already flagged is not flagged again and no second alert is raised', () =>
      spec
        .given([...answeredPending(), flagged()])
        .when(status({ status: 'pending' }), secondsAfterT0(2 * 86_400))
        .then(nothing));

    it('records a final answer rather than asking an operator', () =>
      spec
        .given(answeredPending())
        .when(status(SUCCEEDED), AT_HORIZON)
        .then(recorded(recordOutcome(SUCCEEDED, AT_HORIZON))));

    it('still records the supplier’s final answer after the order was flagged', () =>
      spec
        .given([...answeredPending(), flagged()])
        .when(status(FAILED), secondsAfterT0(2 * 86_400))
        .then(recorded(recordOutcome(FAILED, secondsAfterT0(2 * 86_400)))));

    it('buys again under the same reference first when the supplier has no transaction with it, instead of flagging', () =>
      spec
        .given(answeredPending())
        .when(status({ status: 'not_found' }), AT_HORIZON)
        .then(buyAgain));
  });

  describe('past the supplier reference horizon (Digiflazz: KIOS_DIGIFLAZZ_RECHECK_HORIZON)', () => {
    /** A one-day fulfilment horizon and an 80-day reference horizon, counted from the fulfilment's request (T0). */
    const WITH_REF_HORIZON: FollowUpSettings = {
      fulfilmentHorizonMs: DAY_MS,
      supplierRefHorizonMs: 80 * DAY_MS,
    };
    const AT_REF_HORIZON = secondsAfterT0(80 * 86_400);
    const REF_REASON =
      `supplier reference ${SUPPLIER_REF} was first sent ${T0.toISOString()}, past the 80.0-day recheck ` +
      'horizon (KIOS_DIGIFLAZZ_RECHECK_HORIZON): kios asks the supplier nothing more about it';
    const stopped = (now = AT_REF_HORIZON, record: OrderCommand[] = []): FollowUpDecision => ({
      record: [...record, flagForOperator(now, REF_REASON)],
      alertOperator: 'past_ref_horizon',
    });
    const refFlagged = (): FulfilmentFlaggedForOperator => ({
      type: 'FulfilmentFlaggedForOperator',
      data: { requestId: REQUEST_ID, reason: REF_REASON, flaggedAt: AT_REF_HORIZON.toISOString() },
    });

    it('asks the status of a reference just inside the horizon', () =>
      spec
        .given(answeredPending())
        .when(NOTHING_ASKED, new Date(AT_REF_HORIZON.getTime() - 1), WITH_REF_HORIZON)
        .then(checkStatus));

    it('asks nothing about a reference at the horizon: flags the order with a reason naming the horizon, and alerts', () =>
      spec.given(answeredPending()).when(NOTHING_ASKED, AT_REF_HORIZON, WITH_REF_HORIZON).then(stopped()));

    it('flags with the new reason an order already flagged for the fulfilment horizon', () =>
      spec
        .given([...answeredPending(), flagged()])
        .when(NOTHING_ASKED, secondsAfterT0(85 * 86_400), WITH_REF_HORIZON)
        .then(stopped(secondsAfterT0(85 * 86_400))));

    it('flags once: an order flagged for the reference horizon is asked nothing and alerts nobody again', () =>
      spec
        .given([...answeredPending(), refFlagged()])
        .when(NOTHING_ASKED, secondsAfterT0(100 * 86_400), WITH_REF_HORIZON)
        .then(nothing));

    it('takes over an order Create Order left without an answer, but asks nothing about its old reference', () =>
      spec
        .given(requested())
        .when(NOTHING_ASKED, AT_REF_HORIZON, WITH_REF_HORIZON)
        .then(
          stopped(AT_REF_HORIZON, [
            markInDoubt({
              reason: 'Create Order recorded no supplier answer within its budget',
              now: AT_REF_HORIZON,
            }),
            markPending({ now: AT_REF_HORIZON }),
          ]),
        ));

    it('never buys under an old reference after not_found: flags instead', () =>
      spec
        .given(inDoubt())
        .when(status({ status: 'not_found' }), AT_REF_HORIZON, WITH_REF_HORIZON)
        .then(stopped()));

    it('still records a final answer heard in the same step', () =>
      spec
        .given(answeredPending())
        .when(status(SUCCEEDED), AT_REF_HORIZON, WITH_REF_HORIZON)
        .then(recorded(recordOutcome(SUCCEEDED, AT_REF_HORIZON))));

    it('has no reference horizon without the setting (the simulator)', () =>
      spec
        .given(answeredPending())
        .when(NOTHING_ASKED, secondsAfterT0(400 * 86_400))
        .then(checkStatus));
  });

  describe('an order that needs no follow-up', () => {
    it.each([
      ['succeeded at once', succeededAtOnce()],
      ['failed at once', failedAtOnce()],
      ['succeeded after PENDING', succeededAfterPending()],
      ['failed after PENDING', failedAfterPending()],
      ['refused at placement', refused()],
    ])('asks and records nothing about an order that %s: it is final', (_, events) => {
      spec.given(events).when(NOTHING_ASKED).then(nothing);
      spec.given(events).when(status(SUCCEEDED), AT_HORIZON).then(nothing);
    });

    it('asks and records nothing about an order kios does not have', () =>
      spec.given([]).when(NOTHING_ASKED).then(nothing));
  });
});
