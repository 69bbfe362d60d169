import { firstCheckAt, nextCheckAt, type FollowUpSchedule } from '@kios/ordering';

const schedule: FollowUpSchedule = { firstCheckMs: 1000, maxIntervalMs: 60_000, createOrderBudgetMs: 5000 };
const T0 = new Date('2025-01-15T03:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

describe('fulfilment follow-up schedule', () => {
  it('leaves a requested order to its Create Order until the budget has surely run out', () => {
    expect(
      firstCheckAt(
        { status: 'requested', requestedAt: T0, changedAt: T0, flaggedForOperator: false },
        schedule,
      ),
    ).toEqual(at(6000));
  });

  it('checks a pending or in-doubt order one first-check delay after its last change', () => {
    for (const status of ['pending', 'in_doubt'] as const) {
      expect(
        firstCheckAt({ status, requestedAt: T0, changedAt: at(5000), flaggedForOperator: false }, schedule),
      ).toEqual(at(6000));
    }
  });

  it('doubles the wait after each check, up to the longest interval', () => {
    const waits = [1, 2, 3, 4, 5, 6, 7, 40].map(
      (done) => nextCheckAt(done, false, T0, schedule).getTime() - T0.getTime(),
    );
    expect(waits).toEqual([2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000]);
  });

  it('checks an order flagged for operators at the longest interval', () => {
    expect(nextCheckAt(1, true, T0, schedule)).toEqual(at(60_000));
  });
});
