import {
  FulfilmentNotRequested,
  orderDecider,
  OrderNotFound,
  orderView,
  type FlagForOperator,
  type FulfilmentFlaggedForOperator,
} from '@kios/ordering';
import { DeciderSpec } from '@kios/testing';
import {
  answeredPending,
  failedAfterPending,
  inDoubt,
  orderPlaced,
  orderSucceeded,
  REQUEST_ID,
  requested,
  secondsAfterT0,
  succeededAfterPending,
} from './order.builders';

const spec = DeciderSpec.for(orderDecider);
const REASON = 'no final answer from the supplier 24.0 h after the order was placed';

function flagForOperator(overrides: Partial<FlagForOperator['data']> = {}): FlagForOperator {
  return {
    type: 'FlagForOperator',
    data: { requestId: REQUEST_ID, reason: REASON, now: secondsAfterT0(86_400), ...overrides },
  };
}

function flagged(
  overrides: Partial<FulfilmentFlaggedForOperator['data']> = {},
): FulfilmentFlaggedForOperator {
  return {
    type: 'FulfilmentFlaggedForOperator',
    data: {
      requestId: REQUEST_ID,
      reason: REASON,
      flaggedAt: secondsAfterT0(86_400).toISOString(),
      ...overrides,
    },
  };
}

const fold = (events: Parameters<typeof orderDecider.evolve>[1][]) =>
  events.reduce(orderDecider.evolve, orderDecider.initialState);

describe('order decider: asking an operator (FlagForOperator)', () => {
  it('flags a pending order the supplier never settled', () =>
    spec.given(answeredPending()).when(flagForOperator()).then([flagged()]));

  it('flags an order in doubt', () => spec.given(inDoubt()).when(flagForOperator()).then([flagged()]));

  it('flags an order once', () =>
    spec
      .given([...answeredPending(), flagged()])
      .when(flagForOperator())
      .then([]));

  it('needs no operator once the order is final', () => {
    spec.given(succeededAfterPending()).when(flagForOperator()).then([]);
    spec.given(failedAfterPending()).when(flagForOperator()).then([]);
  });

  it('needs an order sent to a supplier', () => {
    spec.given([]).when(flagForOperator()).thenThrows(OrderNotFound);
    spec.given([orderPlaced()]).when(flagForOperator()).thenThrows(FulfilmentNotRequested);
  });

  it('guesses nothing: the flagged order stays pending to DANA, unchanged since its last change', () => {
    const before = orderView(fold(answeredPending()))!;
    const after = orderView(fold([...answeredPending(), flagged()]))!;
    expect(after.status).toBe('PENDING');
    expect(after.modifiedAt).toEqual(before.modifiedAt);
    expect(after.flaggedForOperator).toEqual({ reason: REASON, flaggedAt: secondsAfterT0(86_400) });
  });

  it('keeps the flag in the history of an order the supplier settles later', () => {
    const view = orderView(fold([...requested(), flagged(), orderSucceeded()]))!;
    expect(view.status).toBe('SUCCESS');
    expect(view.flaggedForOperator?.reason).toBe(REASON);
  });

  it('writes plain JSON', () => {
    const [event] = orderDecider.decide(flagForOperator(), fold(answeredPending()));
    expect(JSON.parse(JSON.stringify(event))).toEqual(event);
  });
});
