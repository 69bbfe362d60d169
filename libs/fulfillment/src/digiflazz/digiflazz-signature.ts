import { createHash } from 'node:crypto';

/**
 * The `sign` field of Digiflazz's buyer API: an md5, in lower-case hex, of the username, the API
 * key and a third part that depends on the call (https://developer.digiflazz.com/api/buyer/):
 * - a transaction (topup, inq-pasca, pay-pasca, status-pasca): the ref_id
 * - the price list (`/v1/price-list`): the word "pricelist"
 * - the balance (`/v1/cek-saldo`): the word "depo"
 * The key is a secret: a sign reveals it to no one, but the key itself never leaves this module's callers.
 */
const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

export function transactionSign(username: string, key: string, refId: string): string {
  return md5(username + key + refId);
}

export function priceListSign(username: string, key: string): string {
  return md5(username + key + 'pricelist');
}

export function balanceSign(username: string, key: string): string {
  return md5(username + key + 'depo');
}
