import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The `sign` field of IAK's prepaid API: an md5, in lower-case hex, of the username, the API key and
 * a third part that depends on the call (https://api.iak.id, docs/iak.md §2):
 * - a transaction (`top-up`, `check-status`) and IAK's callback: the ref_id
 * - the price list (`pricelist`): the word "pl"
 * - the balance (`check-balance`): the word "bl"
 * The key is a secret: it never leaves this module's callers.
 */
const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

export function iakTransactionSign(username: string, apiKey: string, refId: string): string {
  return md5(username + apiKey + refId);
}

export function iakPriceListSign(username: string, apiKey: string): string {
  return md5(username + apiKey + 'pl');
}

export function iakBalanceSign(username: string, apiKey: string): string {
  return md5(username + apiKey + 'bl');
}

const MD5_HEX = /^[0-9a-f]{32}$/i;

/**
 * Whether `sign` is md5(username + api_key + ref_id), as IAK signs its callbacks, compared in
 * constant time. A missing or malformed sign, or an empty key, never verifies.
 */
export function verifyIakSign(sign: unknown, username: string, apiKey: string, refId: string): boolean {
  if (typeof sign !== 'string' || !MD5_HEX.test(sign) || apiKey === '') return false;
  const expected = Buffer.from(iakTransactionSign(username, apiKey, refId), 'hex');
  return timingSafeEqual(expected, Buffer.from(sign, 'hex'));
}
