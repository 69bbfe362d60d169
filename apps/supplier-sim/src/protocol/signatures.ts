import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Digiflazz's request signatures: md5 of username + API key + a word that depends on the call
 * (developer.digiflazz.com/api/buyer: cek-saldo, price-list, transaction).
 */
const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

/** `/v1/cek-saldo`: md5(username + key + "depo"). */
export const depositSign = (username: string, key: string) => md5(`${username}${key}depo`);

/** `/v1/price-list`: md5(username + key + "pricelist"). */
export const priceListSign = (username: string, key: string) => md5(`${username}${key}pricelist`);

/** `/v1/transaction`, prepaid and postpaid alike: md5(username + key + ref_id). */
export const transactionSign = (username: string, key: string, refId: string) =>
  md5(`${username}${key}${refId}`);

/** Compares in constant time; a sign of another length or case is simply wrong. */
export function signMatches(given: unknown, expected: string): boolean {
  if (typeof given !== 'string' || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given, 'utf8'), Buffer.from(expected, 'utf8'));
}

/** The webhook's `X-Hub-Signature`: `sha1=` + hex HMAC-SHA1 of the raw body with the webhook secret. */
export const webhookSignature = (secret: string, rawBody: string) =>
  `sha1=${createHmac('sha1', secret).update(rawBody, 'utf8').digest('hex')}`;
