import { idr } from '@kios/dana-protocol';
import { plnPostpaid, telkomselCredit } from '@kios/testing';
import { productData } from '@kios/catalog';
import { orderDecider, OutcomeOfAnotherAttempt, type OrderEvent } from '@kios/ordering';
import { DeciderSpec } from '@kios/testing';
import {
  attemptFailed,
  attemptRequested,
  DIGIFLAZZ,
  IAK,
  movedOn,
  refOf,
  refusedConnection,
  ROUTE,
  routedFailure,
  routedRequested,
  routedSuccess,
  SIMULATOR,
} from './failover.builders';
import {
  fulfilmentInDoubt,
  orderFailed,
  orderMarkedPending,
  orderPlaced,
  orderSucceeded,
  placeOrder,
  requested,
  secondsAfterT0,
} from './order.builders';

const spec = DeciderSpec.for(orderDecider);
const fold = (events: OrderEvent[]) => events.reduce(orderDecider.evolve, orderDecider.initialState);

describe('order decider: several suppliers (docs/architecture.md §4 step 4, failover)', () => {
  describe('placing a routed order', () => {
    it("sends the first attempt to the route's best offer, under the order's own reference", () =>
      spec
        .given([])
        .when(placeOrder({ route: ROUTE }))
        .then([orderPlaced(), attemptRequested(1, DIGIFLAZZ)]));

    it('refuses, asking no supplier, when the route is empty (no offer can be bought now)', () =>
      spec
        .given([])
        .when(placeOrder({ route: [] }))
        .then([
          orderPlaced(),
          orderFailed({
            code: 'product_unavailable',
            reason: 'no supplier can sell it now: every offer is unavailable or its supplier unhealthy',
            failedAt: secondsAfterT0(0).toISOString(),
          }),
        ]));
  });

  describe('a final failure of the transaction moves the order to the next offer', () => {
    it.each([
      ['at once', routedRequested()],
      ['after DANA was answered PENDING', [...routedRequested(), orderMarkedPending()]],
      ['after a doubt that the supplier settled as failed', [...routedRequested(), fulfilmentInDoubt()]],
    ])('%s: the attempt ends and the next starts under its own reference', (_, history) =>
      spec
        .given(history)
        .when(routedFailure('rc 44 Saldo tidak cukup'))
        .then(movedOn(1, DIGIFLAZZ, IAK, 'rc 44 Saldo tidak cukup')),
    );

    it('skips a supplier the order already tried', () =>
      spec
        .given([...routedRequested(), ...movedOn(1, DIGIFLAZZ, IAK, 'rc 44')])
        .when(routedFailure('rc 14', { route: [IAK, DIGIFLAZZ, SIMULATOR] }))
        .then(movedOn(2, IAK, SIMULATOR, 'rc 14')));

    it('fails the order, naming every supplier and its reason, when no untried offer is left', () =>
      spec
        .given([...routedRequested(), ...movedOn(1, DIGIFLAZZ, IAK, 'rc 44 Saldo tidak cukup')])
        .when(routedFailure('rc 14 nomor salah', { route: [DIGIFLAZZ, IAK] }))
        .then([orderFailed({ reason: 'digiflazz: rc 44 Saldo tidak cukup; iak: rc 14 nomor salah' })]));

    it('fails the order as before when kios has one supplier (no route)', () =>
      spec
        .given(requested())
        .when(routedFailure('rc 02', { route: undefined }))
        .then([orderFailed({ reason: 'rc 02' })]));

    it('never moves a bill: it is paid where it was inquired', () => {
      const bill = orderPlaced({ product: productData(plnPostpaid), inquiryId: 'INQ-1' });
      return spec
        .given([bill, attemptRequested(1, DIGIFLAZZ)])
        .when(routedFailure('rc 02'))
        .then([orderFailed({ reason: 'rc 02' })]);
    });

    it('moves a telco order that named an inquiry: only a bill stays where it was inquired', () =>
      spec
        .given([orderPlaced({ inquiryId: 'INQ-TELCO' }), attemptRequested(1, DIGIFLAZZ)])
        .when(routedFailure('rc 02', { route: [DIGIFLAZZ, IAK] }))
        .then(movedOn(1, DIGIFLAZZ, IAK, 'rc 02')));

    it("records a success at the next supplier as the order's outcome", () =>
      spec
        .given([...routedRequested(), ...movedOn(1, DIGIFLAZZ, IAK, 'rc 44')])
        .when(routedSuccess({ supplierRef: refOf(2) }))
        .then([orderSucceeded({ supplier: 'iak' })]));

    it('keeps the route in the state: the current attempt, its offer and the failed ones', () => {
      const state = fold([...routedRequested(), ...movedOn(1, DIGIFLAZZ, IAK, 'rc 44')]);
      expect(state).toMatchObject({
        status: 'requested',
        fulfilment: {
          supplierRef: refOf(2),
          attempt: 2,
          offer: IAK,
          failedAttempts: [
            { attempt: 1, supplierRef: refOf(1), offer: DIGIFLAZZ, reason: 'rc 44', nothingSent: false },
          ],
        },
      });
    });
  });

  it('follows a later attempt even where the attempt before it was read without its number (a read model)', () => {
    const state = fold([...requested(), attemptRequested(3, SIMULATOR, 30)]);
    expect(state).toMatchObject({ status: 'requested', fulfilment: { supplierRef: refOf(3), attempt: 3 } });
    // The same attempt again is no new attempt: the first one's offer stays.
    const again = fold([...routedRequested(), attemptRequested(1, IAK, 30)]);
    expect(again).toMatchObject({ fulfilment: { supplierRef: refOf(1), offer: DIGIFLAZZ } });
  });

  describe('a refused connection (nothing sent) on the attempt’s first call moves it too', () => {
    it('while nothing else was heard under the attempt', () =>
      spec
        .given(routedRequested())
        .when(refusedConnection())
        .then([
          attemptFailed(1, DIGIFLAZZ, 'could not reach Digiflazz: ECONNREFUSED', true),
          attemptRequested(2, IAK, 30),
        ]));

    it.each([
      [
        'after DANA was answered PENDING (another caller may have sent it)',
        [...routedRequested(), orderMarkedPending()],
      ],
    ])('but not %s: in doubt, it stays', (_, history) =>
      spec
        .given(history)
        .when(refusedConnection())
        .then([
          fulfilmentInDoubt({
            reason: 'could not reach Digiflazz: ECONNREFUSED',
            inDoubtAt: secondsAfterT0(30).toISOString(),
          }),
        ]),
    );

    it('with no untried offer, it is in doubt as any unanswered call', () =>
      spec
        .given(routedRequested())
        .when(refusedConnection({ route: [DIGIFLAZZ] }))
        .then([
          fulfilmentInDoubt({
            reason: 'could not reach Digiflazz: ECONNREFUSED',
            inDoubtAt: secondsAfterT0(30).toISOString(),
          }),
        ]));
  });

  describe('in doubt, pending or not found: the order stays with its supplier and reference', () => {
    it('an answer in doubt that was sent (a timeout) records the doubt, never a move', () =>
      spec
        .given(routedRequested())
        .when(refusedConnection({ nothingSent: undefined, reason: 'no answer within 4500 ms' }))
        .then([
          fulfilmentInDoubt({
            reason: 'no answer within 4500 ms',
            inDoubtAt: secondsAfterT0(30).toISOString(),
          }),
        ]));

    it("a late success under the first reference, after a doubt, is the order's outcome", () =>
      spec
        .given([...routedRequested(), fulfilmentInDoubt(), orderMarkedPending()])
        .when(routedSuccess({ supplierRef: refOf(1) }))
        .then([orderSucceeded({ supplier: 'digiflazz' })]));
  });

  describe('a success records the supplier and its price', () => {
    const product = productData({
      ...telkomselCredit,
      offers: [{ supplier: 'digiflazz', sku: 'TSEL10', maxCost: idr(1_000_000) }],
    });
    const placed = [orderPlaced({ product }), attemptRequested(1, DIGIFLAZZ)];
    const success = (cost: number) =>
      routedSuccess({ outcome: { status: 'succeeded', serialNumber: '0412345678901234', cost: idr(cost) } });

    it("within the offer's maxCost: the supplier and the cost", () =>
      spec
        .given(placed)
        .when(success(990_000))
        .then([orderSucceeded({ supplier: 'digiflazz', cost: '990000' })]));

    it('above maxCost: recorded, with the breach, since the purchase was made', () =>
      spec
        .given(placed)
        .when(success(1_000_100))
        .then([
          orderSucceeded({
            supplier: 'digiflazz',
            cost: '1000100',
            costBreach: 'cost 1000100 is above maxCost 1000000 (minor units)',
          }),
        ]));

    it("above DANA's price where the offer has no maxCost known", () =>
      spec
        .given(routedRequested())
        .when(success(1_025_100))
        .then([
          orderSucceeded({
            supplier: 'digiflazz',
            cost: '1025100',
            costBreach: "cost 1025100 is above DANA's price 1025000 (minor units)",
          }),
        ]));
  });

  describe('news about another attempt', () => {
    it('a failure of an attempt that already failed is old news', () =>
      spec
        .given([...routedRequested(), ...movedOn(1, DIGIFLAZZ, IAK, 'rc 44')])
        .when(routedFailure('rc 44', { supplierRef: refOf(1) }))
        .then([]));

    it('a success under an attempt that failed for good is refused: it would be a second purchase', () =>
      spec
        .given([...routedRequested(), ...movedOn(1, DIGIFLAZZ, IAK, 'rc 44')])
        .when(routedSuccess({ supplierRef: refOf(1) }))
        .thenThrows(OutcomeOfAnotherAttempt));

    it('an outcome under a reference the order never sent is refused', () =>
      spec
        .given(routedRequested())
        .when(routedFailure('rc 02', { supplierRef: refOf(2) }))
        .thenThrows(OutcomeOfAnotherAttempt));
  });

  describe('orders stored before routing (no attempt, supplier or sku in FulfilmentRequested)', () => {
    it('fold as a first attempt and finish as before', () =>
      spec.given(requested()).when(routedSuccess()).then([orderSucceeded()]));

    it('move on after a final failure when kios is now routed, their attempt counted as the first', () =>
      spec
        .given(requested())
        .when(routedFailure('rc 02'))
        .then(movedOn(1, undefined, DIGIFLAZZ, 'rc 02')));
  });
});
