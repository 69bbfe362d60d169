import type { PurchaseOutcome, StatusOutcome } from '@kios/fulfillment';
import { answerOrInDoubt } from '@kios/ordering';

const never = <T>() => new Promise<T>(() => undefined);

describe('a purchase or status check within its deadline', () => {
  it('passes the supplier’s answer through, not_found and the adapter’s own in_doubt included', async () => {
    const answers: StatusOutcome[] = [
      { status: 'succeeded', serialNumber: '0412345678901234' },
      { status: 'failed', reason: 'the supplier rejected the purchase' },
      { status: 'pending' },
      { status: 'in_doubt', reason: 'the supplier answered HTTP 503' },
      { status: 'not_found' },
    ];
    for (const answer of answers)
      await expect(answerOrInDoubt(Promise.resolve(answer), 100)).resolves.toEqual(answer);
  });

  it('takes no answer within the deadline as in doubt, the same word an adapter uses', async () => {
    await expect(answerOrInDoubt(never<PurchaseOutcome>(), 20)).resolves.toEqual({
      status: 'in_doubt',
      reason: 'the supplier did not answer within 20 ms',
    });
  });

  it('takes a call that throws as in doubt, never as a failure', async () => {
    await expect(
      answerOrInDoubt(Promise.reject<StatusOutcome>(new Error('socket hang up')), 100),
    ).resolves.toEqual({ status: 'in_doubt', reason: 'the supplier call failed: socket hang up' });
  });
});
