import type { RetryPolicy } from '@kios/ordering';
import type { KiosConfig } from '../config/kios-config';

export const CALLBACK_RETRY_POLICY = Symbol('CALLBACK_RETRY_POLICY');

/** The callback retry ladder of the configuration (KIOS_CALLBACK_SCHEDULE, _JITTER_PERCENT, _GIVE_UP_MS). */
export function callbackRetryPolicy(config: KiosConfig): RetryPolicy {
  return {
    delaysMs: config.callbackSchedule,
    jitterRatio: config.callbackJitterPercent / 100,
    giveUpAfterMs: config.callbackGiveUpMs,
    random: Math.random,
  };
}
