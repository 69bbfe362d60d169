import {
  orderDecider,
  verdictOnSupplierNews,
  type OrderEvent,
  type SupplierWebhookNews,
} from '@kios/ordering';
import {
  answeredPending,
  failedAfterPending,
  inDoubt,
  orderPlaced,
  REQUEST_ID,
  requested,
  secondsAfterT0,
  succeededAfterPending,
} from '../order/order.builders';
import { routedRequested } from '../order/failover.builders';

const fold = (events: OrderEvent[]) => events.reduce(orderDecider.evolve, orderDecider.initialState);
const NOW = secondsAfterT0(600);

const news = (outcome: SupplierWebhookNews['outcome'], rc = '00', message = ''): SupplierWebhookNews => ({
  outcome,
  rc,
  message,
});
const success = (serialNumber: string) => news({ status: 'succeeded', serialNumber });
const refund = news(
  { status: 'failed', reason: 'Digiflazz rc 74 (Transaksi Refund)' },
  '74',
  'Transaksi Refund',
);

describe('what supplier news does to an order (verdictOnSupplierNews)', () => {
  const receiptOf = (events: OrderEvent[]) => {
    const state = fold(events);
    if (state.status !== 'succeeded') throw new Error('not a success');
    return state.receipt.serialNumber;
  };

  it.each([
    ['requested', requested()],
    ['pending', answeredPending()],
    ['in doubt', inDoubt()],
  ])('records a final outcome for an order %s with the RecordOutcome a status check uses', (_, history) => {
    expect(verdictOnSupplierNews(fold(history), success('SN-1'), NOW)).toEqual({
      verdict: 'record',
      command: {
        type: 'RecordOutcome',
        data: { requestId: REQUEST_ID, outcome: { status: 'succeeded', serialNumber: 'SN-1' }, now: NOW },
      },
    });
    expect(verdictOnSupplierNews(fold(history), refund, NOW)).toMatchObject({
      verdict: 'record',
      command: { type: 'RecordOutcome', data: { outcome: { status: 'failed' } } },
    });
  });

  it("leaves a routed order's failure to the follow-up, which may move it to the next offer; records its success", () => {
    const routed = fold(routedRequested());
    expect(verdictOnSupplierNews(routed, refund, NOW)).toEqual({
      verdict: 'ignore',
      why: 'the follow-up settles a routed order’s failure',
      notable: false,
    });
    expect(verdictOnSupplierNews(routed, success('SN-1'), NOW)).toMatchObject({
      verdict: 'record',
      command: { type: 'RecordOutcome', data: { outcome: { status: 'succeeded' } } },
    });
  });

  it('moves an order in flight nowhere on pending or in-doubt news', () => {
    expect(verdictOnSupplierNews(fold(answeredPending()), news({ status: 'pending' }), NOW)).toEqual({
      verdict: 'ignore',
      why: 'the supplier still has it pending',
      notable: false,
    });
    expect(
      verdictOnSupplierNews(fold(answeredPending()), news({ status: 'in_doubt', reason: 'rc 01' }), NOW),
    ).toMatchObject({ verdict: 'ignore', notable: false });
  });

  it('turns a failure for a succeeded order into a reversal with the supplier’s rc and message', () => {
    expect(verdictOnSupplierNews(fold(succeededAfterPending()), refund, NOW)).toEqual({
      verdict: 'record',
      command: {
        type: 'ReverseFulfilment',
        data: { requestId: REQUEST_ID, rc: '74', message: 'Transaksi Refund', now: NOW },
      },
    });
  });

  it('ignores the same success again quietly, and a success with another serial number for the operators’ log', () => {
    const serial = receiptOf(succeededAfterPending());
    expect(verdictOnSupplierNews(fold(succeededAfterPending()), success(serial), NOW)).toMatchObject({
      verdict: 'ignore',
      notable: false,
    });
    expect(verdictOnSupplierNews(fold(succeededAfterPending()), success('SN-OTHER'), NOW)).toMatchObject({
      verdict: 'ignore',
      notable: true,
      why: expect.stringContaining('SN-OTHER'),
    });
  });

  it('never changes a FAILED order: a later success is logged for operators, a failure is nothing new', () => {
    expect(verdictOnSupplierNews(fold(failedAfterPending()), success('SN-1'), NOW)).toMatchObject({
      verdict: 'ignore',
      notable: true,
      why: expect.stringContaining('kios keeps FAILED'),
    });
    expect(verdictOnSupplierNews(fold(failedAfterPending()), refund, NOW)).toMatchObject({
      verdict: 'ignore',
      notable: false,
    });
  });

  it('records nothing for an order not sent to the supplier, or none at all', () => {
    expect(verdictOnSupplierNews(fold([orderPlaced()]), success('SN-1'), NOW)).toMatchObject({
      verdict: 'ignore',
    });
    expect(verdictOnSupplierNews(fold([]), success('SN-1'), NOW)).toMatchObject({ verdict: 'ignore' });
  });
});
