import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, supplierSettingsOf } from '@kios/config';
import { FixedClock, idr } from '@kios/dana-protocol';
import { openSupplier, RoutedSupplier, supplierAccountOf } from '@kios/fulfillment';
import { aProduct } from '@kios/testing';
import { loadKiosConfig } from '../../src/config/kios-config';

const routed = (env: Record<string, string> = {}) =>
  loadKiosConfig({
    KIOS_DATA_DIR: mkdtempSync(join(tmpdir(), 'kios-routed-')),
    KIOS_SUPPLIER: 'routed',
    ...env,
  });

const BOTH = {
  KIOS_DIGIFLAZZ_USERNAME: 'kios',
  KIOS_DIGIFLAZZ_KEY: 'dev-digiflazz-key',
  KIOS_IAK_USERNAME: '081200001111',
  KIOS_IAK_API_KEY: 'dev-iak-key',
};

describe('several suppliers (KIOS_SUPPLIER=routed)', () => {
  it('routes over every configured supplier, and the simulator outside production, with the health defaults', () => {
    const settings = supplierSettingsOf(routed(BOTH));
    expect(settings).toMatchObject({
      kind: 'routed',
      health: { unhealthyAfter: 5, windowMs: 60_000 },
      probeMs: 30_000,
      minMargin: 0n,
    });
    expect(settings.kind === 'routed' && settings.members.map((member) => member.kind)).toEqual([
      'digiflazz',
      'iak',
      'simulator',
    ]);
  });

  it('reads the health, probe, margin and minimum balance settings', () => {
    const settings = supplierSettingsOf(
      routed({
        ...BOTH,
        KIOS_SUPPLIER_UNHEALTHY_AFTER: '3',
        KIOS_SUPPLIER_HEALTH_WINDOW_MS: '10000',
        KIOS_SUPPLIER_PROBE_MS: '500',
        KIOS_MIN_MARGIN: '2500',
        KIOS_DIGIFLAZZ_MIN_BALANCE: '100000',
        KIOS_IAK_MIN_BALANCE: '50000',
      }),
    );
    expect(settings).toMatchObject({
      health: { unhealthyAfter: 3, windowMs: 10_000 },
      probeMs: 500,
      minMargin: 2500n,
      minBalances: { digiflazz: 100_000n, iak: 50_000n },
    });
  });

  it('leaves out a supplier without a username, and the simulator in production', () => {
    const settings = supplierSettingsOf({
      ...routed({ KIOS_IAK_USERNAME: 'u', KIOS_IAK_API_KEY: 'k' }),
      nodeEnv: 'production',
    });
    expect(settings.kind === 'routed' && settings.members.map((member) => member.kind)).toEqual(['iak']);
  });

  it("refuses a supplier's username without its key, naming the setting", () => {
    expect(() => routed({ KIOS_DIGIFLAZZ_USERNAME: 'kios' })).toThrow(
      new ConfigError(
        'KIOS_SUPPLIER is routed but KIOS_DIGIFLAZZ_KEY (or KIOS_DIGIFLAZZ_KEY_FILE) is not set',
      ),
    );
  });

  it('opens a RoutedSupplier over them, routing by the catalog offers, and reads the first account', () => {
    const settings = supplierSettingsOf(routed(BOTH));
    const supplier = openSupplier(settings, new FixedClock(new Date('2025-01-15T03:00:00Z')));
    try {
      expect(supplier).toBeInstanceOf(RoutedSupplier);
      const product = aProduct({
        offers: [
          { supplier: 'digiflazz', sku: 'TSEL10', maxCost: idr(1_010_000) },
          { supplier: 'iak', sku: 'HTELKOMSEL10000', maxCost: idr(1_000_000) },
        ],
      });
      expect((supplier as RoutedSupplier).routeFor(product).map((offer) => offer.supplier)).toEqual([
        'iak',
        'digiflazz',
      ]);
      expect(supplierAccountOf(settings, supplier)?.supplier).toBe('digiflazz');
    } finally {
      supplier.close();
    }
  });
});
