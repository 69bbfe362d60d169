import type { SupplierSim } from '../../apps/supplier-sim/src';

/**
 * The environment that points a kios process at supplier-sim as its Digiflazz (testing off, so
 * supplier-sim goes by kios's suffix table). Usable in jest and outside it (the acceptance run).
 */
export function digiflazzEnv(
  sim: Pick<SupplierSim, 'url' | 'username' | 'key'>,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    KIOS_SUPPLIER: 'digiflazz',
    KIOS_DIGIFLAZZ_URL: sim.url,
    KIOS_DIGIFLAZZ_USERNAME: sim.username,
    KIOS_DIGIFLAZZ_KEY: sim.key,
    KIOS_DIGIFLAZZ_TESTING: 'off',
    KIOS_DIGIFLAZZ_STATUS_INTERVAL_MS: '0',
    ...overrides,
  };
}
