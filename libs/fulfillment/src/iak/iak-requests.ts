import { iakBalanceSign, iakPriceListSign, iakTransactionSign } from './iak-signature';

/**
 * The request bodies kios sends to IAK's prepaid API (https://api.iak.id/api/prepaid, v2), each
 * beside its path under the base URL (`https://prepaid.iak.id/api/`). Every body carries the username
 * and a sign made with the API key; the key itself is never sent.
 */
export const IAK_PATHS = {
  topUp: '/top-up',
  checkStatus: '/check-status',
  balance: '/check-balance',
  /** `pricelist/{type}/{operator}`, both optional: kios reads the whole list. */
  priceList: '/pricelist',
} as const;

export type IakCredentials = { username: string; apiKey: string };

/** A prepaid top-up; the same body again, with the same ref_id, is answered as a status check. */
export function iakTopUpBody(
  credentials: IakCredentials,
  fields: { refId: string; productCode: string; customerId: string },
): Record<string, unknown> {
  return {
    username: credentials.username,
    ref_id: fields.refId,
    customer_id: fields.customerId,
    product_code: fields.productCode,
    sign: iakTransactionSign(credentials.username, credentials.apiKey, fields.refId),
  };
}

/** The status of the transaction under `refId`; never a purchase. */
export function iakCheckStatusBody(credentials: IakCredentials, refId: string): Record<string, unknown> {
  return {
    username: credentials.username,
    ref_id: refId,
    sign: iakTransactionSign(credentials.username, credentials.apiKey, refId),
  };
}

export function iakBalanceBody(credentials: IakCredentials): Record<string, unknown> {
  return { username: credentials.username, sign: iakBalanceSign(credentials.username, credentials.apiKey) };
}

export function iakPriceListBody(credentials: IakCredentials): Record<string, unknown> {
  return {
    username: credentials.username,
    sign: iakPriceListSign(credentials.username, credentials.apiKey),
    status: 'all',
  };
}
