import type { SupplierSettings } from '@kios/fulfillment';
import type { RawSettings } from './config.schema';
import type { DigiflazzConnection } from './digiflazz-connection';
import type { IakConnection } from './iak-connection';

/**
 * The supplier adapter's settings (FulfillmentModule, openSupplier) from kios's configuration, for
 * kios and kios-cli alike. With a sync interval, a price list is kept no longer than it, so each sync
 * reads a new one.
 */
export function supplierSettingsOf(
  config: Pick<RawSettings, 'simDelayMs' | 'simPurchasesFile' | 'supplierSyncInterval'> & {
    digiflazz?: DigiflazzConnection;
    iak?: IakConnection;
  },
): SupplierSettings {
  const { digiflazz, iak } = config;
  if (iak) {
    return {
      kind: 'iak',
      baseUrl: iak.baseUrl,
      username: iak.username,
      apiKey: iak.apiKey,
      timeoutMs: iak.timeoutMs,
    };
  }
  if (!digiflazz) {
    return { kind: 'simulator', delayMs: config.simDelayMs, purchasesFile: config.simPurchasesFile };
  }
  return {
    kind: 'digiflazz',
    baseUrl: digiflazz.baseUrl,
    username: digiflazz.username,
    key: digiflazz.key,
    testing: digiflazz.testing,
    timeoutMs: digiflazz.timeoutMs,
    statusCheckMinIntervalMs: digiflazz.statusCheckMinIntervalMs,
    ...(config.supplierSyncInterval === undefined ? {} : { priceListTtlMs: config.supplierSyncInterval }),
  };
}
