import { balanceSign, priceListSign, transactionSign } from './digiflazz-signature';

/**
 * The request bodies kios sends to Digiflazz's buyer API (https://developer.digiflazz.com/api/buyer/),
 * each beside its path. Every body carries the username and a sign made with the key; the key itself
 * is never sent.
 */

export const DIGIFLAZZ_PATHS = {
  transaction: '/v1/transaction',
  priceList: '/v1/price-list',
  balance: '/v1/cek-saldo',
} as const;

export type DigiflazzCredentials = { username: string; key: string };

export type TransactionFields = {
  refId: string;
  sku: string;
  customerNo: string;
  testing: boolean;
  /** Whole rupiah. */
  maxPrice?: number;
  callbackUrl?: string;
};

/** A prepaid topup; the same body again, with the same ref_id, is its status check. */
export function topupBody(
  credentials: DigiflazzCredentials,
  fields: TransactionFields,
): Record<string, unknown> {
  return {
    username: credentials.username,
    buyer_sku_code: fields.sku,
    customer_no: fields.customerNo,
    ref_id: fields.refId,
    sign: transactionSign(credentials.username, credentials.key, fields.refId),
    ...(fields.testing ? { testing: true } : {}),
    ...(fields.maxPrice !== undefined ? { max_price: fields.maxPrice } : {}),
    ...(fields.callbackUrl !== undefined ? { cb_url: fields.callbackUrl } : {}),
  };
}

export type PostpaidCommand = 'inq-pasca' | 'pay-pasca' | 'status-pasca';

/** A bill's inquiry, payment or status check: one ref_id from the inquiry to the payment. */
export function postpaidBody(
  credentials: DigiflazzCredentials,
  commands: PostpaidCommand,
  fields: Omit<TransactionFields, 'maxPrice'>,
): Record<string, unknown> {
  return {
    commands,
    username: credentials.username,
    buyer_sku_code: fields.sku,
    customer_no: fields.customerNo,
    ref_id: fields.refId,
    sign: transactionSign(credentials.username, credentials.key, fields.refId),
    ...(fields.testing ? { testing: true } : {}),
    ...(fields.callbackUrl !== undefined && commands === 'pay-pasca' ? { cb_url: fields.callbackUrl } : {}),
  };
}

export function priceListBody(
  credentials: DigiflazzCredentials,
  cmd: 'prepaid' | 'pasca',
): Record<string, unknown> {
  return { cmd, username: credentials.username, sign: priceListSign(credentials.username, credentials.key) };
}

export function balanceBody(credentials: DigiflazzCredentials): Record<string, unknown> {
  return {
    cmd: 'deposit',
    username: credentials.username,
    sign: balanceSign(credentials.username, credentials.key),
  };
}
