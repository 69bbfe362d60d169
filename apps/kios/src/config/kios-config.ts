import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ensureDevSessionSecret } from './dev-session-secret';
import {
  ensureDevKeys,
  KeyFormatError,
  loadPrivateKey,
  loadPublicKey,
  loadPublicKeys,
} from '@kios/dana-protocol';
import {
  auditSigningKey,
  ConfigError,
  earlierAuditKeys,
  type DigiflazzConnection,
  type IakConnection,
  readDigiflazzConnection,
  readIakConnection,
  readSettings,
  type RawSettings,
} from '@kios/config';

/** The one validated, typed configuration object (no process.env reads elsewhere). */
export interface KiosConfig extends Omit<
  RawSettings,
  | 'merchantPrivateKeyFile'
  | 'merchantPrivateKey'
  | 'danaPublicKeyFile'
  | 'danaPublicKey'
  | DigiflazzSettingKey
  | IakSettingKey
  | 'sessionSecret'
> {
  production: boolean;
  /** Signs the admin session cookies: KIOS_SESSION_SECRET, or the development one. Never logged. */
  sessionSecret: string;
  /** Where a development session secret was generated on this start, to be logged; undefined when none was. */
  generatedSessionSecretFile?: string;
  /** Present when KIOS_SUPPLIER is `digiflazz`: the account kios buys with (key and secret never logged). */
  digiflazz?: DigiflazzConnection;
  /** Present when KIOS_SUPPLIER is `iak`: the account kios buys with (its API key never logged). */
  iak?: IakConnection;
  keys: {
    merchantPrivateKey: KeyObject;
    /** DANA's key, or its current and next keys while it rotates one (docs/dana-protocol.md §2.3). */
    danaPublicKeys: readonly KeyObject[];
    source: 'configured' | 'dev';
    /** What anchors are signed with: KIOS_AUDIT_KEY_FILE, else the merchant private key (README "Anchors"). */
    auditPrivateKey: KeyObject;
    /** What anchors are checked with: the audit key's public half, then KIOS_AUDIT_EARLIER_KEYS_FILE's keys. */
    auditPublicKeys: readonly KeyObject[];
  };
  /** Where dev keys were generated on this start, to be logged; undefined when none were. */
  generatedDevKeysDir?: string;
}

type DigiflazzSettingKey =
  | 'digiflazzUrl'
  | 'digiflazzUsername'
  | 'digiflazzKey'
  | 'digiflazzKeyFile'
  | 'digiflazzWebhookSecret'
  | 'digiflazzTesting'
  | 'digiflazzTimeoutMs'
  | 'digiflazzStatusIntervalMs';

type IakSettingKey = 'iakUrl' | 'iakUsername' | 'iakApiKey' | 'iakApiKeyFile' | 'iakTimeoutMs';

export const KIOS_CONFIG = Symbol('KIOS_CONFIG');

function readKey<T>(
  load: (text: string, source: string) => T,
  inline: { name: string; value: string | undefined },
  file: { name: string; value: string | undefined },
): T | undefined {
  if (inline.value !== undefined) return load(inline.value, inline.name);
  if (file.value === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(file.value, 'utf8');
  } catch {
    throw new ConfigError(`${file.name}: cannot read the key file "${file.value}"`);
  }
  return load(text, `${file.name} (${file.value})`);
}

/** KIOS_SESSION_SECRET; outside production, the one generated into the data folder when unset. */
function sessionSecretOf(raw: RawSettings, production: boolean): { secret: string; generatedFile?: string } {
  if (raw.sessionSecret !== undefined) return { secret: raw.sessionSecret };
  if (production) {
    throw new ConfigError(
      'NODE_ENV is production and KIOS_SESSION_SECRET is not set: set it to a random value of at least 32 characters, the same on every replica',
    );
  }
  const dev = ensureDevSessionSecret(raw.dataDir);
  return { secret: dev.secret, generatedFile: dev.generated ? dev.file : undefined };
}

export function loadKiosConfig(env: Record<string, string | undefined>): KiosConfig {
  const raw = readSettings(env);
  const production = raw.nodeEnv === 'production';
  const digiflazz = readDigiflazzConnection(raw);
  const iak = readIakConnection(raw);
  try {
    let merchantPrivateKey = readKey(
      loadPrivateKey,
      { name: 'KIOS_MERCHANT_PRIVATE_KEY', value: raw.merchantPrivateKey },
      { name: 'KIOS_MERCHANT_PRIVATE_KEY_FILE', value: raw.merchantPrivateKeyFile },
    );
    let danaPublicKeys = readKey(
      loadPublicKeys,
      { name: 'KIOS_DANA_PUBLIC_KEY', value: raw.danaPublicKey },
      { name: 'KIOS_DANA_PUBLIC_KEY_FILE', value: raw.danaPublicKeyFile },
    );
    let source: 'configured' | 'dev' = 'configured';
    let generatedDevKeysDir: string | undefined;
    if (!merchantPrivateKey || !danaPublicKeys) {
      if (production) {
        const missing = [
          !merchantPrivateKey && 'KIOS_MERCHANT_PRIVATE_KEY_FILE (or KIOS_MERCHANT_PRIVATE_KEY)',
          !danaPublicKeys && 'KIOS_DANA_PUBLIC_KEY_FILE (or KIOS_DANA_PUBLIC_KEY)',
        ].filter(Boolean);
        throw new ConfigError(
          `NODE_ENV is production and no key is configured: set ${missing.join(' and ')}`,
        );
      }
      const dev = ensureDevKeys(raw.dataDir);
      if (dev.generated) generatedDevKeysDir = dev.paths.dir;
      merchantPrivateKey ??= loadPrivateKey(
        readFileSync(dev.paths.kiosPrivateKey, 'utf8'),
        dev.paths.kiosPrivateKey,
      );
      danaPublicKeys ??= [
        loadPublicKey(readFileSync(dev.paths.danaPublicKey, 'utf8'), dev.paths.danaPublicKey),
      ];
      source = 'dev';
    }
    // With KIOS_AUDIT_KEY_FILE set, auditSigningKey reads it (or throws naming it).
    const auditPrivateKey = raw.auditKeyFile === undefined ? merchantPrivateKey : auditSigningKey(raw)!;
    const {
      merchantPrivateKeyFile: _f1,
      merchantPrivateKey: _k1,
      danaPublicKeyFile: _f2,
      danaPublicKey: _k2,
      digiflazzUrl: _d1,
      digiflazzUsername: _d2,
      digiflazzKey: _d3,
      digiflazzKeyFile: _d4,
      digiflazzWebhookSecret: _d5,
      digiflazzTesting: _d6,
      digiflazzTimeoutMs: _d7,
      digiflazzStatusIntervalMs: _d8,
      iakUrl: _i1,
      iakUsername: _i2,
      iakApiKey: _i3,
      iakApiKeyFile: _i4,
      iakTimeoutMs: _i5,
      sessionSecret: _s1,
      ...rest
    } = raw;
    const session = sessionSecretOf(raw, production);
    return {
      ...rest,
      production,
      sessionSecret: session.secret,
      generatedSessionSecretFile: session.generatedFile,
      ...(digiflazz ? { digiflazz } : {}),
      ...(iak ? { iak } : {}),
      keys: {
        merchantPrivateKey,
        danaPublicKeys,
        source,
        auditPrivateKey,
        auditPublicKeys: [createPublicKey(auditPrivateKey), ...earlierAuditKeys(raw)],
      },
      generatedDevKeysDir,
    };
  } catch (error) {
    if (error instanceof KeyFormatError) throw new ConfigError(error.message);
    throw error;
  }
}
