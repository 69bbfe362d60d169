import { readFileSync } from 'node:fs';
import { ConfigError, type RawSettings } from './config.schema';

/** The IAK connection kios buys through (KIOS_IAK_*; docs/iak.md §7). */
export interface IakConnection {
  baseUrl: string;
  username: string;
  /** A secret: in no log line or error message. */
  apiKey: string;
  timeoutMs: number;
}

/**
 * The IAK account when KIOS_SUPPLIER is `iak` (kios and kios-cli both read it): a missing username
 * or key stops the start, naming the variable. Messages name variables and files, never a key's text.
 */
export function readIakConnection(raw: RawSettings): IakConnection | undefined {
  // Routed, IAK is one of the suppliers when its username is set.
  if (raw.supplier !== 'iak' && !(raw.supplier === 'routed' && raw.iakUsername)) return undefined;
  const missing: string[] = [];
  if (!raw.iakUsername) missing.push('KIOS_IAK_USERNAME');
  let apiKey = raw.iakApiKey;
  if (apiKey === undefined && raw.iakApiKeyFile !== undefined) {
    try {
      apiKey = readFileSync(raw.iakApiKeyFile, 'utf8').trim();
    } catch {
      throw new ConfigError(`KIOS_IAK_API_KEY_FILE: cannot read the key file "${raw.iakApiKeyFile}"`);
    }
    if (apiKey === '')
      throw new ConfigError(`KIOS_IAK_API_KEY_FILE: the key file "${raw.iakApiKeyFile}" is empty`);
  }
  if (!apiKey) missing.push('KIOS_IAK_API_KEY (or KIOS_IAK_API_KEY_FILE)');
  if (missing.length > 0)
    throw new ConfigError(`KIOS_SUPPLIER is ${raw.supplier} but ${missing.join(' and ')} is not set`);
  return { baseUrl: raw.iakUrl, username: raw.iakUsername!, apiKey: apiKey!, timeoutMs: raw.iakTimeoutMs };
}
