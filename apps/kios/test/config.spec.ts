import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateRsaKeyPair } from '@kios/dana-protocol';
import { ConfigError, readSettings } from '@kios/config';
import { loadKiosConfig } from '../src/config/kios-config';
import { writeTestKeyFiles } from '@kios/testing';

/** A session secret as an operator sets one (a test value, made up here). */
const SESSION_SECRET = 'test-session-secret-0123456789abcdef';
const tempDir = () => mkdtempSync(join(tmpdir(), 'kios-config-'));

// Key files as an operator keeps them (PKCS#1 and PKCS#8 private, SPKI public), made at test time.
const merchantKeys = writeTestKeyFiles('merchant');
const danaKeys = writeTestKeyFiles('dana');
afterAll(() => {
  merchantKeys.remove();
  danaKeys.remove();
});

describe('configuration', () => {
  it('works on its defaults, with every embedded file under the data directory', () => {
    const settings = readSettings({ KIOS_DATA_DIR: '/srv/kios' });
    expect(settings).toMatchObject({
      port: 8080,
      eventStore: 'sqlite:/srv/kios/events.db',
      readModel: 'sqlite:/srv/kios/read.db',
      danaBaseUrl: 'http://127.0.0.1:8090',
      supplierBudgetMs: 5000,
      bodyLimitBytes: 262144,
    });
    expect(settings.adminToken).toBeUndefined();
  });

  it('names every bad variable and what it expects', () => {
    expect(() => readSettings({ KIOS_PORT: 'eighty', KIOS_READ_MODEL: 'mysql://x' })).toThrow(
      /KIOS_PORT must be a whole number from 0 to 65535, got "eighty".*KIOS_READ_MODEL must start with sqlite: or postgres:\/\//,
    );
  });

  it('refuses to start in production without keys, naming the variables to set', () => {
    expect(() => loadKiosConfig({ NODE_ENV: 'production', KIOS_DATA_DIR: tempDir() })).toThrow(
      /NODE_ENV is production and no key is configured: set KIOS_MERCHANT_PRIVATE_KEY_FILE/,
    );
  });

  it('generates development key pairs for kios and DANA when none are configured', () => {
    const dataDir = tempDir();
    const config = loadKiosConfig({ KIOS_DATA_DIR: dataDir });
    expect(config.keys.source).toBe('dev');
    expect(config.generatedDevKeysDir).toBe(join(dataDir, 'keys'));
    for (const file of ['kios-private.pem', 'kios-public.pem', 'dana-private.pem', 'dana-public.pem']) {
      expect(existsSync(join(dataDir, 'keys', file))).toBe(true);
    }
    expect(loadKiosConfig({ KIOS_DATA_DIR: dataDir }).generatedDevKeysDir).toBeUndefined();
  });

  it('refuses to start in production without KIOS_SESSION_SECRET, and takes a short one for no secret', () => {
    const keys = {
      KIOS_MERCHANT_PRIVATE_KEY_FILE: merchantKeys.pkcs8,
      KIOS_DANA_PUBLIC_KEY_FILE: danaKeys.publicKey,
    };
    expect(() => loadKiosConfig({ ...keys, NODE_ENV: 'production', KIOS_DATA_DIR: tempDir() })).toThrow(
      /NODE_ENV is production and KIOS_SESSION_SECRET is not set/,
    );
    expect(() => loadKiosConfig({ ...keys, KIOS_SESSION_SECRET: 'too-short' })).toThrow(
      'KIOS_SESSION_SECRET must be at least 32 characters',
    );
    const production = loadKiosConfig({
      ...keys,
      NODE_ENV: 'production',
      KIOS_SESSION_SECRET: SESSION_SECRET,
    });
    expect(production.sessionSecret).toBe(SESSION_SECRET);
    expect(production.sessionTtlMs).toBe(8 * 3_600_000);
  });

  it('generates a development session secret once into the data folder, and reads it back after', () => {
    const dataDir = tempDir();
    const first = loadKiosConfig({ KIOS_DATA_DIR: dataDir });
    expect(first.generatedSessionSecretFile).toBe(join(dataDir, 'session-secret'));
    expect(first.sessionSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(join(dataDir, 'session-secret')).mode & 0o777).toBe(0o600);
    const second = loadKiosConfig({ KIOS_DATA_DIR: dataDir });
    expect(second.generatedSessionSecretFile).toBeUndefined();
    expect(second.sessionSecret).toBe(first.sessionSecret);
  });

  it('loads PKCS#1 and PKCS#8 key files, and inline keys with \\n escapes', () => {
    for (const privateKeyFile of [merchantKeys.pkcs1, merchantKeys.pkcs8]) {
      const fromFiles = loadKiosConfig({
        KIOS_MERCHANT_PRIVATE_KEY_FILE: privateKeyFile,
        KIOS_DANA_PUBLIC_KEY_FILE: danaKeys.publicKey,
        NODE_ENV: 'production',
        KIOS_SESSION_SECRET: SESSION_SECRET,
      });
      expect(fromFiles.keys.source).toBe('configured');
      expect(fromFiles.keys.merchantPrivateKey.asymmetricKeyType).toBe('rsa');
    }
    const pair = generateRsaKeyPair();
    const inline = loadKiosConfig({
      KIOS_MERCHANT_PRIVATE_KEY: pair.privateKeyPem.replace(/\n/g, '\\n'),
      KIOS_DANA_PUBLIC_KEY: readFileSync(danaKeys.publicKey, 'utf8'),
      NODE_ENV: 'production',
      KIOS_SESSION_SECRET: SESSION_SECRET,
    });
    expect(inline.keys.merchantPrivateKey.asymmetricKeyType).toBe('rsa');
  });

  it('stops on a wrong key with a message that names the variable and shows no key material', () => {
    const publicKeyText = readFileSync(danaKeys.publicKey, 'utf8');
    let error: unknown;
    try {
      loadKiosConfig({ KIOS_MERCHANT_PRIVATE_KEY: publicKeyText, KIOS_DANA_PUBLIC_KEY: publicKeyText });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('KIOS_MERCHANT_PRIVATE_KEY');
    expect((error as Error).message).not.toContain(publicKeyText.split('\n')[1].slice(0, 20));
  });

  it('says which key file it cannot read', () => {
    expect(() =>
      loadKiosConfig({ KIOS_MERCHANT_PRIVATE_KEY_FILE: '/nonexistent/key.pem', KIOS_DANA_PUBLIC_KEY: 'x' }),
    ).toThrow(/KIOS_MERCHANT_PRIVATE_KEY_FILE: cannot read the key file "\/nonexistent\/key.pem"/);
  });

  describe('the audit key anchors are signed with (KIOS_AUDIT_KEY_FILE)', () => {
    const keysOf = (env: Record<string, string>) =>
      loadKiosConfig({
        KIOS_DANA_PUBLIC_KEY_FILE: danaKeys.publicKey,
        NODE_ENV: 'production',
        KIOS_SESSION_SECRET: SESSION_SECRET,
        ...env,
      }).keys;

    it('is the merchant private key when unset', () => {
      const keys = keysOf({ KIOS_MERCHANT_PRIVATE_KEY_FILE: merchantKeys.pkcs8 });
      expect(keys.auditPrivateKey).toBe(keys.merchantPrivateKey);
    });

    it('is the key of its own file when set', () => {
      const keys = keysOf({
        KIOS_MERCHANT_PRIVATE_KEY_FILE: merchantKeys.pkcs8,
        KIOS_AUDIT_KEY_FILE: danaKeys.pkcs1,
      });
      expect(keys.auditPrivateKey.equals(keys.merchantPrivateKey)).toBe(false);
      expect(keys.auditPrivateKey.asymmetricKeyType).toBe('rsa');
    });

    it('checks anchors with the audit key, then each earlier public key of KIOS_AUDIT_EARLIER_KEYS_FILE', () => {
      const earlier = join(tempDir(), 'earlier.pem');
      writeFileSync(
        earlier,
        readFileSync(danaKeys.publicKey, 'utf8') + readFileSync(merchantKeys.publicKey, 'utf8'),
      );
      const keys = keysOf({
        KIOS_MERCHANT_PRIVATE_KEY_FILE: merchantKeys.pkcs8,
        KIOS_AUDIT_EARLIER_KEYS_FILE: earlier,
      });
      expect(keys.auditPublicKeys).toHaveLength(3);
      expect(keys.auditPublicKeys[0].type).toBe('public');
      expect(keysOf({ KIOS_MERCHANT_PRIVATE_KEY_FILE: merchantKeys.pkcs8 }).auditPublicKeys).toHaveLength(1);

      writeFileSync(earlier, 'not a key');
      expect(() =>
        keysOf({ KIOS_MERCHANT_PRIVATE_KEY_FILE: merchantKeys.pkcs8, KIOS_AUDIT_EARLIER_KEYS_FILE: earlier }),
      ).toThrow(new ConfigError(`KIOS_AUDIT_EARLIER_KEYS_FILE (${earlier}) holds no PEM public key`));
    });

    it('names KIOS_AUDIT_KEY_FILE when it cannot read it, or it holds no private key', () => {
      expect(() =>
        keysOf({
          KIOS_MERCHANT_PRIVATE_KEY_FILE: merchantKeys.pkcs8,
          KIOS_AUDIT_KEY_FILE: '/nonexistent/audit.pem',
        }),
      ).toThrow(new ConfigError('KIOS_AUDIT_KEY_FILE: cannot read the key file "/nonexistent/audit.pem"'));
      expect(() =>
        keysOf({
          KIOS_MERCHANT_PRIVATE_KEY_FILE: merchantKeys.pkcs8,
          KIOS_AUDIT_KEY_FILE: danaKeys.publicKey,
        }),
      ).toThrow(/^KIOS_AUDIT_KEY_FILE \(/);
    });
  });

  describe('the Digiflazz account (KIOS_SUPPLIER=digiflazz)', () => {
    const KEY = 'dev-4f1c0de-digiflazz-key';
    const SECRET = 'webhook-secret-7a9b';
    const digiflazz = (env: Record<string, string> = {}) =>
      loadKiosConfig({ KIOS_DATA_DIR: tempDir(), KIOS_SUPPLIER: 'digiflazz', ...env });
    const messageOf = (load: () => unknown): string => {
      try {
        load();
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
      }
      throw new Error('expected a ConfigError');
    };

    it('is read with its defaults: the production URL, testing off, a 4.5 s timeout', () => {
      const config = digiflazz({ KIOS_DIGIFLAZZ_USERNAME: 'kios', KIOS_DIGIFLAZZ_KEY: KEY });
      expect(config.supplier).toBe('digiflazz');
      expect(config.digiflazz).toEqual({
        baseUrl: 'https://api.digiflazz.com',
        username: 'kios',
        key: KEY,
        testing: false,
        timeoutMs: 4500,
        statusCheckMinIntervalMs: 60_000,
      });
    });

    it('takes the URL, testing mode, timeout, status interval, webhook secret, and the key from a file', () => {
      const keyFile = join(tempDir(), 'digiflazz.key');
      writeFileSync(keyFile, `${KEY}\n`);
      const config = digiflazz({
        KIOS_DIGIFLAZZ_URL: 'http://127.0.0.1:8091',
        KIOS_DIGIFLAZZ_USERNAME: 'kios',
        KIOS_DIGIFLAZZ_KEY_FILE: keyFile,
        KIOS_DIGIFLAZZ_WEBHOOK_SECRET: SECRET,
        KIOS_DIGIFLAZZ_TESTING: 'on',
        KIOS_DIGIFLAZZ_TIMEOUT_MS: '800',
        KIOS_DIGIFLAZZ_STATUS_INTERVAL_MS: '0',
      });
      expect(config.digiflazz).toEqual({
        baseUrl: 'http://127.0.0.1:8091',
        username: 'kios',
        key: KEY,
        webhookSecret: SECRET,
        testing: true,
        timeoutMs: 800,
        statusCheckMinIntervalMs: 0,
      });
    });

    it('stops the start without a username or a key, naming the variables', () => {
      expect(messageOf(() => digiflazz())).toBe(
        'KIOS_SUPPLIER is digiflazz but KIOS_DIGIFLAZZ_USERNAME and KIOS_DIGIFLAZZ_KEY (or KIOS_DIGIFLAZZ_KEY_FILE) is not set',
      );
      expect(messageOf(() => digiflazz({ KIOS_DIGIFLAZZ_KEY: KEY }))).toMatch(/KIOS_DIGIFLAZZ_USERNAME/);
      expect(messageOf(() => digiflazz({ KIOS_DIGIFLAZZ_USERNAME: 'kios' }))).toMatch(/KIOS_DIGIFLAZZ_KEY/);
    });

    it('says which key file it cannot read', () => {
      expect(
        messageOf(() =>
          digiflazz({
            KIOS_DIGIFLAZZ_USERNAME: 'kios',
            KIOS_DIGIFLAZZ_KEY_FILE: '/nonexistent/digiflazz.key',
          }),
        ),
      ).toMatch(/KIOS_DIGIFLAZZ_KEY_FILE: cannot read the key file "\/nonexistent\/digiflazz.key"/);
    });

    it('shows no key or secret in any message', () => {
      const message = messageOf(() =>
        digiflazz({
          KIOS_DIGIFLAZZ_KEY: KEY,
          KIOS_DIGIFLAZZ_WEBHOOK_SECRET: SECRET,
          KIOS_DIGIFLAZZ_TESTING: 'maybe',
          KIOS_DIGIFLAZZ_TIMEOUT_MS: 'soon',
        }),
      );
      expect(message).toMatch(/KIOS_DIGIFLAZZ_TESTING/);
      expect(message).not.toContain(KEY);
      expect(message).not.toContain(SECRET);
    });

    it('reads the recheck horizon in ms or as a duration (80 days by default), below 90 days', () => {
      expect(readSettings({}).digiflazzRecheckHorizonMs).toBe(80 * 86_400_000);
      expect(readSettings({ KIOS_DIGIFLAZZ_RECHECK_HORIZON: '12h' }).digiflazzRecheckHorizonMs).toBe(
        43_200_000,
      );
      expect(readSettings({ KIOS_DIGIFLAZZ_RECHECK_HORIZON: '3600000' }).digiflazzRecheckHorizonMs).toBe(
        3_600_000,
      );
      for (const raw of ['90d', '30s', 'soon', '-1d']) {
        expect(() => readSettings({ KIOS_DIGIFLAZZ_RECHECK_HORIZON: raw })).toThrow(
          /KIOS_DIGIFLAZZ_RECHECK_HORIZON must be a duration from 1m to 89d/,
        );
      }
    });

    it('is not read, nor required, with the simulator', () => {
      const config = loadKiosConfig({ KIOS_DATA_DIR: tempDir() });
      expect(config.supplier).toBe('simulator');
      expect(config.digiflazz).toBeUndefined();
    });
  });
});
