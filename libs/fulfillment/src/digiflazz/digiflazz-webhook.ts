import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Product } from '@kios/catalog';
import type { PurchaseOutcome } from '../supplier.port';
import { outcomeOfAnswer, readTransactionAnswer, type TransactionAnswer } from './digiflazz-transaction';

/**
 * Digiflazz's webhooks (https://developer.digiflazz.com/api/buyer/webhook/): a POST of the same
 * `{data: {…}}` a transaction call answers, with headers
 * - `X-Digiflazz-Event`: `create` (a transaction was made) or `update` (its status changed)
 * - `X-Digiflazz-Delivery`: an id of the delivery (a uuid)
 * - `X-Hub-Signature`: `sha1=` and the hex HMAC-SHA1 of the raw body under the webhook's secret
 * - `User-Agent`: `Digiflazz-Hookshot` (prepaid) or `Digiflazz-Pasca-Hookshot` (postpaid)
 */

const SIGNATURE_PREFIX = 'sha1=';
const SHA1_HEX = /^[0-9a-f]{40}$/i;

/**
 * Whether `signatureHeader` is `sha1=<hex HMAC-SHA1 of rawBody under secret>`, compared in constant
 * time. A missing header, another algorithm's prefix (`sha256=`), a malformed digest or an empty
 * secret never verify. Verify the bytes as received, before any parsing.
 */
export function verifyDigiflazzWebhook(
  rawBody: Buffer,
  signatureHeader: string | string[] | undefined,
  secret: string,
): boolean {
  if (typeof signatureHeader !== 'string' || secret === '') return false;
  const header = signatureHeader.trim();
  if (!header.toLowerCase().startsWith(SIGNATURE_PREFIX)) return false;
  const digest = header.slice(SIGNATURE_PREFIX.length);
  if (!SHA1_HEX.test(digest)) return false;
  const expected = createHmac('sha1', secret).update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(digest, 'hex'));
}

export type DigiflazzWebhookEvent = 'create' | 'update';

/** Request headers as node:http and fastify give them: names in lower case. */
export type WebhookHeaders = Record<string, string | string[] | undefined>;

export type DigiflazzWebhook = {
  event: DigiflazzWebhookEvent;
  /** X-Digiflazz-Delivery; undefined when Digiflazz sent none. */
  deliveryId?: string;
  refId: string;
  /** The same reading of `rc` and `status` as a purchase's answer (digiflazz-codes.ts). */
  outcome: PurchaseOutcome;
  rc: string;
  /** `data` as read: rc, status word, message and sn, for the record and for outcomeOfDigiflazzWebhook. */
  answer: TransactionAnswer;
};

export type ParsedDigiflazzWebhook = { ok: true; webhook: DigiflazzWebhook } | { ok: false; reason: string };

const header = (headers: WebhookHeaders, name: string): string | undefined => {
  const value = headers[name];
  return typeof value === 'string' ? value.trim() : undefined;
};

/**
 * A verified webhook's body and headers read into what kios acts on. `product` is the product the
 * ref was bought for (the receipt's token depends on it); a webhook is a repeat of news about a
 * transaction already sent, so a refusal that forms no transaction reads as in_doubt.
 */
export function parseDigiflazzWebhook(
  rawBody: Buffer,
  headers: WebhookHeaders,
  product: Pick<Product, 'delivery'> = { delivery: 'serial' },
): ParsedDigiflazzWebhook {
  const event = header(headers, 'x-digiflazz-event');
  if (event !== 'create' && event !== 'update') {
    return { ok: false, reason: `X-Digiflazz-Event is ${JSON.stringify(event)}, not create or update` };
  }
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return { ok: false, reason: 'the body is not JSON' };
  }
  const answer = readTransactionAnswer(body);
  if (answer === undefined) return { ok: false, reason: 'the body has no data.rc' };
  if (answer.refId === undefined || answer.refId === '') {
    return { ok: false, reason: 'the body has no data.ref_id' };
  }
  const deliveryId = header(headers, 'x-digiflazz-delivery');
  return {
    ok: true,
    webhook: {
      event,
      ...(deliveryId ? { deliveryId } : {}),
      refId: answer.refId,
      rc: answer.rc,
      outcome: outcomeOfDigiflazzWebhook({ refId: answer.refId, answer }, product),
      answer,
    },
  };
}

/**
 * A parsed webhook's outcome for the product its ref_id was bought for (the product decides whether
 * the receipt carries a PLN token), read as an answer to a repeated call: a webhook is news about a
 * transaction already sent.
 */
export function outcomeOfDigiflazzWebhook(
  webhook: Pick<DigiflazzWebhook, 'refId' | 'answer'>,
  product: Pick<Product, 'delivery'>,
): PurchaseOutcome {
  return outcomeOfAnswer(webhook.answer, { refId: webhook.refId, product, call: 'repeat' });
}
