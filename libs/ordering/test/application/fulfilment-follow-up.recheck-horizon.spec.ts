import {
  NOTHING_ASKED,
  type FollowUpDecision,
  type FollowUpSettings,
  type FulfilmentFlaggedForOperator,
  type OrderCommand,
} from '@kios/ordering';
import {
  answeredPending,
  inDoubt,
  markInDoubt,
  markPending,
  REQUEST_ID,
  requested,
  secondsAfterT0,
  SUPPLIER_REF,
  T0,
} from '../order/order.builders';
import {
  DAY_MS,
  spec,
  status,
  SUCCEEDED,
  recordOutcome,
  flagForOperator,
  flagged,
  nothing,
  checkStatus,
  recorded,
} from './fulfilment-follow-up.fixture';

describe('fulfilment follow-up decision: past the supplier reference horizon (Digiflazz: KIOS_DIGIFLAZZ_RECHECK_HORIZON)', () => {
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
