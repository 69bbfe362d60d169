import type { TransactionFields } from './context';

export const POSTPAID_COMMANDS = ['inq-pasca', 'pay-pasca', 'status-pasca'] as const;
export type PostpaidCommand = (typeof POSTPAID_COMMANDS)[number];

/** A `/v1/transaction` body, checked (developer.digiflazz.com/api/buyer: topup, cek tagihan, bayar, cek status). */
export interface TransactionRequest extends TransactionFields {
  /** Absent for a prepaid top-up (and its status check, which repeats it). */
  commands?: PostpaidCommand;
  testing: boolean;
  max_price?: number;
  cb_url?: string;
}

/** The request, or what is wrong with it (answered rc 40 Payload Error). */
export function readTransactionRequest(body: Record<string, unknown>): TransactionRequest | string {
  for (const field of ['ref_id', 'customer_no', 'buyer_sku_code'] as const) {
    if (typeof body[field] !== 'string' || body[field] === '') return `${field} must be a non-empty string`;
  }
  if (body.commands !== undefined && !POSTPAID_COMMANDS.includes(body.commands as PostpaidCommand)) {
    return `commands must be one of ${POSTPAID_COMMANDS.join(', ')} (or absent for a prepaid top-up)`;
  }
  if (body.testing !== undefined && typeof body.testing !== 'boolean') return 'testing must be true or false';
  if (body.max_price !== undefined && !Number.isInteger(body.max_price))
    return 'max_price must be whole rupiah';
  if (body.cb_url !== undefined && typeof body.cb_url !== 'string') return 'cb_url must be a URL';
  return {
    ref_id: body.ref_id as string,
    customer_no: body.customer_no as string,
    buyer_sku_code: body.buyer_sku_code as string,
    commands: body.commands as PostpaidCommand | undefined,
    testing: body.testing === true,
    max_price: body.max_price as number | undefined,
    cb_url: body.cb_url as string | undefined,
  };
}
