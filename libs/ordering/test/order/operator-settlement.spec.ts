import {
  FulfilmentNotRequested,
  OrderAlreadyFinal,
  orderDecider,
  type OrderEvent,
  OrderNotFound,
  orderView,
  SettlementIncomplete,
} from '@kios/ordering';
import { DeciderSpec } from '@kios/testing';
import {
  answeredPending,
  failedAfterPending,
  inDoubt,
  orderFailed,
  orderMarkedPending,
  orderPlaced,
  orderSucceeded,
  REQUEST_ID,
  refused,
  secondsAfterT0,
  succeededAfterPending,
  succeededAtOnce,
} from './order.builders';
import {
  EVIDENCE,
  OPERATOR,
  SETTLED_AT,
  settleAsFailed,
  settleAsSucceeded,
  settledByOperator,
} from './operator-settlement.builders';

const spec = DeciderSpec.for(orderDecider);
const fold = (events: OrderEvent[]) => events.reduce(orderDecider.evolve, orderDecider.initialState);

const pastRecheckHorizon: OrderEvent = {
  type: 'FulfilmentFlaggedForOperator',
  data: {
    requestId: REQUEST_ID,
    reason: 'supplier reference KIOS-… was first sent …, past the 80.0-day recheck horizon',
    flaggedAt: secondsAfterT0(81 * 86_400).toISOString(),
  },
};
const flaggedPending = () => [...answeredPending(), pastRecheckHorizon];
const settledAt = SETTLED_AT.toISOString();

describe('order decider: an operator settles an order (SettleByOperator)', () => {
  describe('an order sent to the supplier and not final', () => {
    it('as succeeded: the audit event naming the operator and the evidence, then the ordinary OrderSucceeded', () =>
      spec
        .given(flaggedPending())
        .when(settleAsSucceeded())
        .then([
          settledByOperator(),
          orderSucceeded({ serialNumber: '0412999988887777', succeededAt: settledAt }),
        ]));

    it('as succeeded with a token (prepaid electricity)', () =>
      spec
        .given(answeredPending())
        .when(settleAsSucceeded({}, { serialNumber: 'SN-77', token: '12345678901234567890' }))
        .then([
          settledByOperator(),
          orderSucceeded({ serialNumber: 'SN-77', token: '12345678901234567890', succeededAt: settledAt }),
        ]));

    it('as failed: the audit event, then OrderFailed supplier_failed with the operator’s reason', () =>
      spec
        .given(flaggedPending())
        .when(settleAsFailed('Digiflazz mutasi shows Gagal, deposit refunded'))
        .then([
          settledByOperator({ decision: 'failed' }),
          orderFailed({
            code: 'supplier_failed',
            reason: 'Digiflazz mutasi shows Gagal, deposit refunded',
            failedAt: settledAt,
          }),
        ]));

    it('in doubt, flagged or not', () => {
      spec
        .given(inDoubt())
        .when(settleAsSucceeded())
        .then([
          settledByOperator(),
          orderSucceeded({ serialNumber: '0412999988887777', succeededAt: settledAt }),
        ]);
      spec
        .given([...inDoubt(), orderMarkedPending(), pastRecheckHorizon])
        .when(settleAsFailed('no transaction at the supplier'))
        .then([
          settledByOperator({ decision: 'failed' }),
          orderFailed({ reason: 'no transaction at the supplier', failedAt: settledAt }),
        ]);
    });
  });

  describe('refused, recording nothing', () => {
    it('an order kios does not know', () =>
      spec.given([]).when(settleAsSucceeded()).thenThrows(OrderNotFound));

    it('an order never sent to a supplier', () =>
      spec.given([orderPlaced()]).when(settleAsSucceeded()).thenThrows(FulfilmentNotRequested));

    it('a final order, whatever the decision: DANA may have been told, and a final status never changes', () => {
      for (const story of [succeededAtOnce, succeededAfterPending, failedAfterPending, refused]) {
        spec.given(story()).when(settleAsSucceeded()).thenThrows(OrderAlreadyFinal);
        spec.given(story()).when(settleAsFailed()).thenThrows(OrderAlreadyFinal);
      }
    });

    it('the same settlement again, once it is recorded', () => {
      const settled = orderDecider.decide(settleAsSucceeded(), fold(flaggedPending()));
      spec
        .given([...flaggedPending(), ...settled])
        .when(settleAsSucceeded())
        .thenThrows(OrderAlreadyFinal);
    });

    it('a settlement that says nothing of who, on what evidence, with which serial number or reason', () => {
      spec
        .given(answeredPending())
        .when(settleAsSucceeded({ evidence: '  ' }))
        .thenThrows(SettlementIncomplete);
      spec
        .given(answeredPending())
        .when(settleAsSucceeded({ settledBy: '' }))
        .thenThrows(SettlementIncomplete);
      spec
        .given(answeredPending())
        .when(settleAsSucceeded({}, { serialNumber: ' ' }))
        .thenThrows(SettlementIncomplete);
      spec.given(answeredPending()).when(settleAsFailed('')).thenThrows(SettlementIncomplete);
    });

    it('names everything missing at once', () => {
      expect(() =>
        orderDecider.decide(
          settleAsSucceeded({ evidence: '', settledBy: '' }, { serialNumber: '' }),
          fold(answeredPending()),
        ),
      ).toThrow(
        `order ${REQUEST_ID} cannot be settled without the name of who settles it, evidence, a serial number`,
      );
    });
  });

  describe('the order afterwards', () => {
    it('is final to DANA with the operator’s receipt, changed at the settlement, its callback owed', () => {
      const events = [
        ...flaggedPending(),
        ...orderDecider.decide(settleAsSucceeded(), fold(flaggedPending())),
      ];
      const view = orderView(fold(events))!;
      expect(view).toMatchObject({
        status: 'SUCCESS',
        serialNumber: '0412999988887777',
        modifiedAt: SETTLED_AT,
        callback: { status: 'owed', attempts: 0 },
      });
    });

    it('no longer needs an operator: the flag is dealt with (a supplier settling it keeps the flag)', () => {
      const byOperator = orderView(fold([...flaggedPending(), settledByOperator(), orderSucceeded()]))!;
      expect(byOperator.flaggedForOperator).toBeUndefined();
      const bySupplier = orderView(fold([...flaggedPending(), orderSucceeded()]))!;
      expect(bySupplier.flaggedForOperator?.reason).toBe(pastRecheckHorizon.data.reason);
    });

    it('keeps who settled it and the evidence in the stored event, as plain JSON', () => {
      const [settled] = orderDecider.decide(settleAsSucceeded(), fold(flaggedPending()));
      expect(settled.data).toMatchObject({ settledBy: OPERATOR, evidence: EVIDENCE, decision: 'succeeded' });
      expect(JSON.parse(JSON.stringify(settled))).toEqual(settled);
    });
  });
});
