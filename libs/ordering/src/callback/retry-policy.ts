/**
 * When a callback DANA did not accept is tried again (docs/dana-protocol.md §5.6): a ladder of delays, the last one
 * repeating, each stretched or shrunk at random by up to `jitterRatio` so that callbacks which failed
 * together (DANA was down) do not all come back at the same instant, and no retry later than
 * `giveUpAfterMs` after the callback became owed.
 */
export interface RetryPolicy {
  /** Delay after the 1st, 2nd, ... failed attempt; the last one repeats. */
  readonly delaysMs: readonly number[];
  /** 0.2 = each delay lands anywhere from 80 % to 120 % of its rung. */
  readonly jitterRatio: number;
  readonly giveUpAfterMs: number;
  /** Uniform in [0, 1); Math.random in production, fixed in tests. */
  readonly random: () => number;
}

/** docs/dana-protocol.md §5.6: 5 s, 15 s, 1 min, 5 min, 15 min, then hourly up to 24 h. */
export const DEFAULT_CALLBACK_SCHEDULE = '5s,15s,1m,5m,15m,1h';
export const DEFAULT_CALLBACK_GIVE_UP_MS = 24 * 60 * 60 * 1000;

export class InvalidCallbackSchedule extends Error {
  override readonly name = 'InvalidCallbackSchedule';
}

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;
const DURATION = /^(\d+)(ms|s|m|h)$/;

/** `"200ms,400ms,1s"` → `[200, 400, 1000]`: the rungs must not shrink, so the backoff never speeds up. */
export function parseCallbackSchedule(text: string): number[] {
  const rungs = text.split(',').map((part) => part.trim());
  const delays = rungs.map((rung) => {
    const match = DURATION.exec(rung);
    if (!match || Number(match[1]) === 0) {
      throw new InvalidCallbackSchedule(
        `"${rung}" is not a delay; write positive durations like 200ms, 5s, 1m or 1h, separated by commas`,
      );
    }
    return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  });
  for (let i = 1; i < delays.length; i++) {
    if (delays[i] < delays[i - 1]) {
      throw new InvalidCallbackSchedule(`"${rungs[i]}" is shorter than the "${rungs[i - 1]}" before it`);
    }
  }
  return delays;
}

/**
 * When to try again after attempt `failedAttempt` (1-based) failed at `now`; undefined when that
 * would be past the give-up time, counted from `owedSince`.
 */
export function nextAttemptAt(
  policy: RetryPolicy,
  failure: { failedAttempt: number; owedSince: Date; now: Date },
): Date | undefined {
  const { delaysMs, jitterRatio } = policy;
  const rung = delaysMs[Math.min(failure.failedAttempt, delaysMs.length) - 1];
  const delay = Math.round(rung * (1 - jitterRatio + 2 * jitterRatio * policy.random()));
  const at = failure.now.getTime() + delay;
  return at - failure.owedSince.getTime() > policy.giveUpAfterMs ? undefined : new Date(at);
}
