import {
  DEFAULT_CALLBACK_GIVE_UP_MS,
  DEFAULT_CALLBACK_SCHEDULE,
  InvalidCallbackSchedule,
  nextAttemptAt,
  parseCallbackSchedule,
  type RetryPolicy,
} from '@kios/ordering';

const T0 = new Date('2025-01-15T03:06:40.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function policy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  return {
    delaysMs: parseCallbackSchedule(DEFAULT_CALLBACK_SCHEDULE),
    jitterRatio: 0,
    giveUpAfterMs: DEFAULT_CALLBACK_GIVE_UP_MS,
    random: () => 0.5,
    ...overrides,
  };
}

const delayAfter = (retry: RetryPolicy, failedAttempt: number, owedSince = T0, now = T0) =>
  (nextAttemptAt(retry, { failedAttempt, owedSince, now })?.getTime() ?? NaN) - now.getTime();

describe('the callback retry schedule', () => {
  describe('parsing KIOS_CALLBACK_SCHEDULE', () => {
    it('reads milliseconds, seconds, minutes and hours', () =>
      expect(parseCallbackSchedule('200ms, 5s,1m,1h')).toEqual([200, 5_000, MINUTE, HOUR]));

    it('defaults to 5 s, 15 s, 1 min, 5 min, 15 min, then hourly (docs/dana-protocol.md §5.6)', () =>
      expect(parseCallbackSchedule(DEFAULT_CALLBACK_SCHEDULE)).toEqual([
        5_000,
        15_000,
        MINUTE,
        5 * MINUTE,
        15 * MINUTE,
        HOUR,
      ]));

    it.each(['', '5', '5 s', '1d', '0s', '-5s', '5s,,1m'])('refuses "%s"', (text) =>
      expect(() => parseCallbackSchedule(text)).toThrow(InvalidCallbackSchedule),
    );

    it('refuses a delay shorter than the one before it, naming both', () =>
      expect(() => parseCallbackSchedule('5s,1m,30s')).toThrow('"30s" is shorter than the "1m" before it'));
  });

  describe('backing off', () => {
    it('waits the rung of the attempt that failed', () => {
      expect(delayAfter(policy(), 1)).toBe(5_000);
      expect(delayAfter(policy(), 2)).toBe(15_000);
      expect(delayAfter(policy(), 5)).toBe(15 * MINUTE);
    });

    it('repeats the last rung: hourly after the fifth failure', () => {
      expect(delayAfter(policy(), 6, T0, at(HOUR))).toBe(HOUR);
      expect(delayAfter(policy(), 17, T0, at(10 * HOUR))).toBe(HOUR);
    });
  });

  describe('jitter', () => {
    const jittered = (random: number, failedAttempt = 3) =>
      delayAfter(policy({ jitterRatio: 0.2, random: () => random }), failedAttempt);

    it('stays within ±20 % of the rung, from the lowest to the highest random draw', () => {
      expect(jittered(0)).toBe(0.8 * MINUTE);
      expect(jittered(0.999999)).toBeLessThanOrEqual(1.2 * MINUTE);
      expect(jittered(0.999999)).toBeGreaterThan(1.19 * MINUTE);
      expect(jittered(0.5)).toBe(MINUTE);
    });

    it('spreads callbacks that failed together', () => {
      const draws = [0.1, 0.3, 0.7, 0.9].map((random) => jittered(random));
      expect(new Set(draws).size).toBe(draws.length);
      for (const delay of draws) {
        expect(delay).toBeGreaterThanOrEqual(0.8 * MINUTE);
        expect(delay).toBeLessThanOrEqual(1.2 * MINUTE);
      }
    });
  });

  describe('giving up', () => {
    it('schedules an attempt that still falls within 24 h of the callback becoming owed', () =>
      expect(nextAttemptAt(policy(), { failedAttempt: 20, owedSince: T0, now: at(23 * HOUR) })).toEqual(
        at(24 * HOUR),
      ));

    it('schedules none past 24 h: the callback is then abandoned', () =>
      expect(
        nextAttemptAt(policy(), { failedAttempt: 20, owedSince: T0, now: at(23 * HOUR + 1) }),
      ).toBeUndefined());

    it('counts from when the callback became owed, not from the last attempt', () =>
      expect(
        nextAttemptAt(policy({ giveUpAfterMs: 10_000 }), { failedAttempt: 1, owedSince: T0, now: at(6_000) }),
      ).toBeUndefined());
  });
});
