import { Logger } from '@nestjs/common';
import { idr } from '@kios/dana-protocol';
import type { KiosConfig } from '../../src/config/kios-config';
import { SupplierBalance } from '../../src/observability/health/supplier-balance';
import { KiosMetrics } from '../../src/observability/metrics/kios-metrics';

describe('the supplier balance', () => {
  let errors: jest.SpyInstance;
  let metrics: KiosMetrics;

  beforeEach(() => {
    errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    metrics = new KiosMetrics();
  });
  afterEach(() => jest.restoreAllMocks());

  const watching = (minimum?: bigint) =>
    new SupplierBalance(metrics, { digiflazzMinBalance: minimum } as KiosConfig);
  const alerts = () =>
    errors.mock.calls.map(([message]) => String(message)).filter((line) => line.startsWith('OPERATOR ALERT'));

  it('alerts once per crossing below KIOS_DIGIFLAZZ_MIN_BALANCE: not while it stays low, again after it recovered', async () => {
    const balance = watching(10_000_000n); // Rp 100.000

    balance.record('digiflazz', idr(20_000_000n));
    expect(alerts()).toEqual([]); // positive control: above the minimum, no alert

    balance.record('digiflazz', idr(9_999_900n));
    balance.record('digiflazz', idr(5_000_000n));
    expect(alerts()).toEqual([
      'OPERATOR ALERT: the digiflazz deposit is Rp 99.999, below KIOS_DIGIFLAZZ_MIN_BALANCE Rp 100.000; ' +
        'top it up before purchases are refused (Digiflazz rc 44)',
    ]);

    expect(await metrics.registry.getSingleMetricAsString('kios_supplier_min_balance_minor_units')).toMatch(
      /^kios_supplier_min_balance_minor_units\{supplier="digiflazz"\} 10000000$/m,
    );

    balance.record('digiflazz', idr(10_000_000n)); // at the minimum is not below it
    expect(balance.reading?.low).toBe(false);
    balance.record('digiflazz', idr(100n));
    expect(alerts()).toHaveLength(2);
    expect(alerts()[1]).toMatch(/deposit is Rp 1, below/);
  });

  it('never alerts without a minimum, and shows every reading in the gauge, in minor units', async () => {
    const balance = watching(undefined);

    balance.record('digiflazz', idr(0n));
    balance.record('digiflazz', idr(500_000_000n));

    expect(alerts()).toEqual([]);
    expect(balance.reading).toEqual({ supplier: 'digiflazz', balance: idr(500_000_000n), low: false });
    expect(await metrics.registry.getSingleMetricAsString('kios_supplier_balance_minor_units')).toMatch(
      /^kios_supplier_balance_minor_units\{supplier="digiflazz"\} 500000000$/m,
    );
    // No minimum, nothing to compare with: an alert on a low balance stays silent, as /ready does.
    expect(
      await metrics.registry.getSingleMetricAsString('kios_supplier_min_balance_minor_units'),
    ).not.toMatch(/^kios_supplier_min_balance_minor_units\{/m);
  });
});
