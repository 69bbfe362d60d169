import type { OrderCallbackSettings } from '@kios/ordering';
import type { KiosConfig } from '../config/kios-config';

/**
 * What DeliverOrderCallback (libs/ordering) takes from the configuration: DANA's ids, the keys, and
 * the retry ladder (KIOS_CALLBACK_SCHEDULE, _JITTER_PERCENT, _GIVE_UP_MS).
 */
export function orderCallbackSettings(config: KiosConfig): OrderCallbackSettings {
  return {
    partnerId: config.partnerId,
    aggregatorId: config.aggregatorId,
    merchantPrivateKey: config.keys.merchantPrivateKey,
    danaPublicKeys: config.keys.danaPublicKeys,
    retryPolicy: {
      delaysMs: config.callbackSchedule,
      jitterRatio: config.callbackJitterPercent / 100,
      giveUpAfterMs: config.callbackGiveUpMs,
      random: Math.random,
    },
  };
}
