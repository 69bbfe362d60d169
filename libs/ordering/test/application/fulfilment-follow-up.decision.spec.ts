import { NOTHING_ASKED, type SupplierNews } from '@kios/ordering';
import {
  answeredPending,
  failedAfterPending,
  failedAtOnce,
  inDoubt,
  markInDoubt,
  markPending,
  refused,
  requested,
  secondsAfterT0,
  succeededAfterPending,
  succeededAtOnce,
} from '../order/order.builders';
import {
  SOON,
  AT_HORIZON,
  spec,
  status,
  purchase,
  noStatus,
  noPurchase,
  statusInDoubt,
  purchaseInDoubt,
  SUCCEEDED,
  FAILED,
  recordOutcome,
  flagged,
  nothing,
  storedPurchase,
  checkStatus,
  buyAgain,
  recorded,
  flagAndAlert,
} from './fulfilment-follow-up.fixture';

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
