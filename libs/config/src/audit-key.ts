import { createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { devKeyPaths, KeyFormatError, loadPrivateKey, loadPublicKey } from '@kios/dana-protocol';
import { ConfigError, type RawSettings } from './config.schema';

type AuditKeySettings = Pick<
  RawSettings,
  'auditKeyFile' | 'auditEarlierKeysFile' | 'merchantPrivateKey' | 'merchantPrivateKeyFile' | 'dataDir'
>;

/**
 * The key anchors are signed with (README "Anchors"), as kios and kios-cli find it:
 * KIOS_AUDIT_KEY_FILE, else the merchant private key (inline, then its file), else the development
 * key under KIOS_DATA_DIR; undefined when there is none. Verifying needs only its public half,
 * derived from it. A key that cannot be read is a ConfigError naming the setting, never the key.
 */
export function auditSigningKey(settings: AuditKeySettings): KeyObject | undefined {
  const fromFile = (name: string, path: string) => loadNamed(readKeyFile(name, path), `${name} (${path})`);
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

/** The keys anchors are checked with: the audit key's public half first (when there is one), then the earlier ones. */
export function auditVerifyingKeys(settings: AuditKeySettings): KeyObject[] {
  const current = auditSigningKey(settings);
  return [...(current ? [createPublicKey(current)] : []), ...earlierAuditKeys(settings)];
}

/** KIOS_AUDIT_EARLIER_KEYS_FILE: one public key (PEM) per block, each named by its place when it cannot be read. */
export function earlierAuditKeys(settings: Pick<RawSettings, 'auditEarlierKeysFile'>): KeyObject[] {
  const path = settings.auditEarlierKeysFile;
  if (path === undefined) return [];
  const name = 'KIOS_AUDIT_EARLIER_KEYS_FILE';
  const blocks =
    readKeyFile(name, path).match(/-----BEGIN [A-Z0-9 ]+-----[\s\S]*?-----END [A-Z0-9 ]+-----/g) ?? [];
  if (blocks.length === 0) throw new ConfigError(`${name} (${path}) holds no PEM public key`);
  return blocks.map((block, index) => {
    try {
      return loadPublicKey(block, `${name} (${path}, key ${index + 1} of ${blocks.length})`);
    } catch (error) {
      if (error instanceof KeyFormatError) throw new ConfigError(error.message);
      throw error;
    }
  });
}

function readKeyFile(name: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError(`${name}: cannot read the key file "${path}"`);
  }
}
