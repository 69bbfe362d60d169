import { createHash } from 'node:crypto';

/**
 * IAK's signs (api.iak.id: top-up, check-status, check-balance, pricelist, callback): md5 of username +
 * API key + the ref_id, or the word "bl" (balance) or "pl" (price list). Computed here apart from
 * kios's adapter, as supplier-sim's Digiflazz signs are.
 */
const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

export const iakTransactionSign = (username: string, key: string, refId: string) =>
  md5(`${username}${key}${refId}`);

export const iakBalanceSign = (username: string, key: string) => md5(`${username}${key}bl`);

export const iakPriceListSign = (username: string, key: string) => md5(`${username}${key}pl`);
