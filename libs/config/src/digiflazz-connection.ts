import { readFileSync } from 'node:fs';
import { ConfigError, type RawSettings } from './config.schema';

/** The Digiflazz connection kios buys through (KIOS_DIGIFLAZZ_*; docs/digiflazz.md §8). */
export interface DigiflazzConnection {
  baseUrl: string;
  username: string;
  /** A secret: in no log line or error message. */
  key: string;
  /** A secret: in no log line or error message. */
  webhookSecret?: string;
  testing: boolean;
  timeoutMs: number;
  /** KIOS_DIGIFLAZZ_STATUS_INTERVAL_MS */
  statusCheckMinIntervalMs: number;
}

/**
 * The Digiflazz account when KIOS_SUPPLIER is `digiflazz` (kios and kios-cli both read it): a
 * missing username or key stops the start, naming the variable. Messages name variables and files, never a key's text.
 */
export function readDigiflazzConnection(raw: RawSettings): DigiflazzConnection | undefined {
  // Routed, Digiflazz is one of the suppliers when its username is set.
  if (raw.supplier !== 'digiflazz' && !(raw.supplier === 'routed' && raw.digiflazzUsername)) return undefined;
  const missing: string[] = [];
  if (!raw.digiflazzUsername) missing.push('KIOS_DIGIFLAZZ_USERNAME');
  let key = raw.digiflazzKey;
  if (key === undefined && raw.digiflazzKeyFile !== undefined) {
    try {
      key = readFileSync(raw.digiflazzKeyFile, 'utf8').trim();
    } catch {
      throw new ConfigError(`KIOS_DIGIFLAZZ_KEY_FILE: cannot read the key file "${raw.digiflazzKeyFile}"`);
    }
    if (key === '')
      throw new ConfigError(`KIOS_DIGIFLAZZ_KEY_FILE: the key file "${raw.digiflazzKeyFile}" is empty`);
  }
  if (!key) missing.push('KIOS_DIGIFLAZZ_KEY (or KIOS_DIGIFLAZZ_KEY_FILE)');
  if (missing.length > 0) {
    throw new ConfigError(`KIOS_SUPPLIER is ${raw.supplier} but ${missing.join(' and ')} is not set`);
  }
  return {
    baseUrl: raw.digiflazzUrl,
    username: raw.digiflazzUsername!,
    key: key!,
    ...(raw.digiflazzWebhookSecret ? { webhookSecret: raw.digiflazzWebhookSecret } : {}),
    testing: raw.digiflazzTesting === 'on',
    timeoutMs: raw.digiflazzTimeoutMs,
    statusCheckMinIntervalMs: raw.digiflazzStatusIntervalMs,
  };
}
