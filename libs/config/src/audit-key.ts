import type { KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { devKeyPaths, KeyFormatError, loadPrivateKey } from '@kios/dana-protocol';
import { ConfigError, type RawSettings } from './config.schema';

type AuditKeySettings = Pick<
  RawSettings,
  'auditKeyFile' | 'merchantPrivateKey' | 'merchantPrivateKeyFile' | 'dataDir'
>;

/**
 * The key anchors are signed with (README "Anchors"), as kios and kios-cli find it:
 * KIOS_AUDIT_KEY_FILE, else the merchant private key (inline, then its file), else the development
 * key under KIOS_DATA_DIR; undefined when there is none. Verifying needs only its public half,
 * derived from it. A key that cannot be read is a ConfigError naming the setting, never the key.
 */
export function auditSigningKey(settings: AuditKeySettings): KeyObject | undefined {
  const fromFile = (name: string, path: string) => {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      throw new ConfigError(`${name}: cannot read the key file "${path}"`);
    }
    return loadNamed(text, `${name} (${path})`);
  };
  if (settings.auditKeyFile !== undefined) return fromFile('KIOS_AUDIT_KEY_FILE', settings.auditKeyFile);
  if (settings.merchantPrivateKey !== undefined)
    return loadNamed(settings.merchantPrivateKey, 'KIOS_MERCHANT_PRIVATE_KEY');
  if (settings.merchantPrivateKeyFile !== undefined) {
    return fromFile('KIOS_MERCHANT_PRIVATE_KEY_FILE', settings.merchantPrivateKeyFile);
  }
  const dev = devKeyPaths(settings.dataDir).kiosPrivateKey;
  return existsSync(dev) ? fromFile('the development key', dev) : undefined;
}

function loadNamed(text: string, source: string): KeyObject {
  try {
    return loadPrivateKey(text, source);
  } catch (error) {
    if (error instanceof KeyFormatError) throw new ConfigError(error.message);
    throw error;
  }
}
