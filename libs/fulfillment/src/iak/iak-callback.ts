import type { Product } from '@kios/catalog';
import type { PurchaseOutcome } from '../supplier.port';
import { outcomeOfIakAnswer, readIakAnswer, type IakAnswer } from './iak-answer';
import { verifyIakSign } from './iak-signature';

/**
 * IAK's callback (https://api.iak.id, prepaid "Callback"; docs/iak.md §6): a POST of `{data: {ref_id,
 * status, product_code, customer_id, price, message, sn, pin?, balance, tr_id, rc, sign}}`, the same
 * fields as a check-status answer, as strings, with `sign` = md5(username + api_key + ref_id). Sent
 * only on success or failure, in production only (the sandbox sends none). It carries no delivery id.
 */
export type IakCallback = {
  refId: string;
  rc: string;
  /** The same reading of `rc` and `status` as a purchase's answer (iak-codes.ts), for a repeated call. */
  outcome: PurchaseOutcome;
  answer: IakAnswer;
};

export type ParsedIakCallback =
  { ok: true; callback: IakCallback } | { ok: false; unauthorized: boolean; reason: string };

/**
 * A callback's raw bytes read, its sign checked against the account's username and API key before
 * anything in it is believed: a body without `data.ref_id` or with a wrong sign is `unauthorized`; a
 * signed body without a usable rc is refused as malformed. `product` is the product the ref was bought
 * for (the receipt's token depends on it).
 */
export function parseIakCallback(
  rawBody: Buffer,
  account: { username: string; apiKey: string },
  product: Pick<Product, 'delivery'> = { delivery: 'serial' },
): ParsedIakCallback {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return { ok: false, unauthorized: true, reason: 'the body is not JSON, so it carries no sign' };
  }
  const data = (body as { data?: unknown } | null)?.data;
  const fields = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  const refId = typeof fields.ref_id === 'string' ? fields.ref_id : '';
  if (refId === '' || !verifyIakSign(fields.sign, account.username, account.apiKey, refId)) {
    return {
      ok: false,
      unauthorized: true,
      reason: 'data.sign is missing or is not md5(username + api_key + data.ref_id)',
    };
  }
  const answer = readIakAnswer(body);
  if (answer === undefined) return { ok: false, unauthorized: false, reason: 'the body has no data.rc' };
  return {
    ok: true,
    callback: { refId, rc: answer.rc, outcome: outcomeOfIakCallback({ refId, answer }, product), answer },
  };
}

/** A parsed callback's outcome for the product its ref_id was bought for, read as news about a transaction already sent. */
export function outcomeOfIakCallback(
  callback: Pick<IakCallback, 'refId' | 'answer'>,
  product: Pick<Product, 'delivery'>,
): PurchaseOutcome {
  return outcomeOfIakAnswer(callback.answer, { refId: callback.refId, product, call: 'repeat' });
}
