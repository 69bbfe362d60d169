import type { SingleSupplierSettings, SupplierSettings } from '@kios/fulfillment';
import type { RawSettings } from './config.schema';
import type { DigiflazzConnection } from './digiflazz-connection';
import type { IakConnection } from './iak-connection';

/**
 * The supplier adapter's settings (FulfillmentModule, openSupplier) from kios's configuration, for
 * kios and kios-cli alike. With a sync interval, a price list is kept no longer than it, so each sync
 * reads a new one.
 */
type SupplierConfig = Pick<RawSettings, 'simDelayMs' | 'simPurchasesFile' | 'supplierSyncInterval'> & {
  digiflazz?: DigiflazzConnection;
  iak?: IakConnection;
  /** Needed for `routed` only (kios-cli's sync passes what it reads). */
  supplier?: RawSettings['supplier'];
} & Partial<
    Pick<
      RawSettings,
      | 'nodeEnv'
      | 'supplierUnhealthyAfter'
      | 'supplierHealthWindowMs'
      | 'supplierProbeMs'
      | 'minMargin'
      | 'digiflazzMinBalance'
      | 'iakMinBalance'
    >
  >;

export function supplierSettingsOf(config: SupplierConfig): SupplierSettings {
  if (config.supplier === 'routed') return routedSettingsOf(config);
  const { digiflazz, iak } = config;
  if (iak) return iakSettingsOf(iak);
  if (!digiflazz) return simulatorSettingsOf(config);
  return digiflazzSettingsOf(digiflazz, config);
}

/**
 * `KIOS_SUPPLIER=routed`: every supplier configured — Digiflazz and IAK when their usernames are set,
 * and the simulator outside production (it buys nothing real, so a production kios never routes to
 * it; elsewhere it sells the products without offers and the offers naming it).
 */
function routedSettingsOf(config: SupplierConfig): SupplierSettings {
  const members: SingleSupplierSettings[] = [];
  if (config.digiflazz) members.push(digiflazzSettingsOf(config.digiflazz, config));
  if (config.iak) members.push(iakSettingsOf(config.iak));
  if (config.nodeEnv !== 'production') members.push(simulatorSettingsOf(config));
  return {
    kind: 'routed',
    members,
    health: {
      unhealthyAfter: config.supplierUnhealthyAfter ?? 5,
      windowMs: config.supplierHealthWindowMs ?? 60_000,
    },
    probeMs: config.supplierProbeMs ?? 30_000,
    minMargin: config.minMargin ?? 0n,
    minBalances: {
      ...(config.digiflazzMinBalance === undefined ? {} : { digiflazz: config.digiflazzMinBalance }),
      ...(config.iakMinBalance === undefined ? {} : { iak: config.iakMinBalance }),
    },
  };
}

function simulatorSettingsOf(config: SupplierConfig): SingleSupplierSettings {
  return { kind: 'simulator', delayMs: config.simDelayMs, purchasesFile: config.simPurchasesFile };
}

function iakSettingsOf(iak: IakConnection): SingleSupplierSettings {
  return {
    kind: 'iak',
    baseUrl: iak.baseUrl,
    username: iak.username,
    apiKey: iak.apiKey,
    timeoutMs: iak.timeoutMs,
  };
}

function digiflazzSettingsOf(digiflazz: DigiflazzConnection, config: SupplierConfig): SingleSupplierSettings {
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
