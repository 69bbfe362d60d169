import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, supplierSettingsOf } from '@kios/config';
import { FixedClock } from '@kios/dana-protocol';
import { IakAccount, IakSupplier, openSupplier, supplierAccountOf } from '@kios/fulfillment';
import { loadKiosConfig } from '../../src/config/kios-config';
import { IakCallbackController } from '../../src/suppliers/iak-callback.controller';
import { SuppliersModule } from '../../src/suppliers/suppliers.module';

const tempDir = () => mkdtempSync(join(tmpdir(), 'kios-iak-config-'));
const KEY = 'dev-9a1e-iak-api-key';

const iak = (env: Record<string, string> = {}) =>
  loadKiosConfig({ KIOS_DATA_DIR: tempDir(), KIOS_SUPPLIER: 'iak', ...env });

function messageOf(load: () => unknown): string {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('the IAK account (KIOS_SUPPLIER=iak)', () => {
  it("is read with its defaults: IAK's sandbox, a 4.5 s timeout; no other supplier's account", () => {
    const config = iak({ KIOS_IAK_USERNAME: '081200001111', KIOS_IAK_API_KEY: KEY });
    expect(config.supplier).toBe('iak');
    expect(config.iak).toEqual({
      baseUrl: 'https://prepaid.iak.dev/api/',
      username: '081200001111',
      apiKey: KEY,
      timeoutMs: 4500,
    });
    expect(config.digiflazz).toBeUndefined();
    expect(Object.keys(config)).not.toEqual(expect.arrayContaining(['iakApiKey']));
  });

  it('takes the URL, the timeout and the key from a file', () => {
    const keyFile = join(tempDir(), 'iak.key');
    writeFileSync(keyFile, `${KEY}\n`);
    const config = iak({
      KIOS_IAK_URL: 'http://127.0.0.1:8091/api/',
      KIOS_IAK_USERNAME: 'u',
      KIOS_IAK_API_KEY_FILE: keyFile,
      KIOS_IAK_TIMEOUT_MS: '800',
    });
    expect(config.iak).toEqual({
      baseUrl: 'http://127.0.0.1:8091/api/',
      username: 'u',
      apiKey: KEY,
      timeoutMs: 800,
    });
  });

  it('stops the start without a username or a key, naming the variables and never the key', () => {
    expect(messageOf(() => iak())).toBe(
      'KIOS_SUPPLIER is iak but KIOS_IAK_USERNAME and KIOS_IAK_API_KEY (or KIOS_IAK_API_KEY_FILE) is not set',
    );
    expect(
      messageOf(() => iak({ KIOS_IAK_USERNAME: 'u', KIOS_IAK_API_KEY_FILE: '/nonexistent/iak.key' })),
    ).toMatch(/KIOS_IAK_API_KEY_FILE: cannot read the key file/);
    const bad = messageOf(() => iak({ KIOS_IAK_API_KEY: KEY, KIOS_IAK_TIMEOUT_MS: 'soon' }));
    expect(bad).toMatch(/KIOS_IAK_TIMEOUT_MS/);
    expect(bad).not.toContain(KEY);
  });

  it('is not read for another supplier', () => {
    const config = loadKiosConfig({
      KIOS_DATA_DIR: tempDir(),
      KIOS_IAK_USERNAME: 'u',
      KIOS_IAK_API_KEY: KEY,
    });
    expect(config.iak).toBeUndefined();
  });

  it('opens IakSupplier, with its account for the supplier sync, and mounts the callback endpoint', () => {
    const config = iak({ KIOS_IAK_USERNAME: 'u', KIOS_IAK_API_KEY: KEY });
    const settings = supplierSettingsOf(config);
    expect(settings).toEqual({
      kind: 'iak',
      baseUrl: 'https://prepaid.iak.dev/api/',
      username: 'u',
      apiKey: KEY,
      timeoutMs: 4500,
    });
    const supplier = openSupplier(settings, new FixedClock(new Date()));
    try {
      expect(supplier).toBeInstanceOf(IakSupplier);
      expect(supplierAccountOf(settings, supplier)).toBeInstanceOf(IakAccount);
    } finally {
      supplier.close();
    }
    expect(SuppliersModule.forRoot(config).controllers).toEqual([IakCallbackController]);
    expect(SuppliersModule.forRoot({}).controllers).toBeUndefined();
  });
});
