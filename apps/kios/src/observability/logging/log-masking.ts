import { keepLastFour } from '@kios/audit';

/**
 * What must never reach a log line, whoever wrote it (kios code, Nest, a library's error message):
 * key material, signatures, secrets and tokens by field name, and — inside any text — PEM blocks,
 * long base64 runs (signatures, key bodies), Indonesian mobile numbers and card numbers (PANs),
 * which keep only their last 4 digits so a support engineer can still match a customer's report.
 */

const REDACTED = '[REDACTED]';

/** Field names whose whole value is secret, at any depth of a log record (compared lower-case, `-`/`_` ignored). */
const SECRET_FIELDS = new Set([
  'signature',
  'authorization',
  'cookie',
  'setcookie',
  'xadmintoken',
  'admintoken',
  'privatekey',
  'publickey',
  'merchantprivatekey',
  'danapublickey',
  'kiosprivatekey',
  'danaprivatekey',
  'keys',
  'secret',
  'clientsecret',
  'password',
  // DANA's `token` is a delivered PLN token or voucher code: it is worth money.
  'token',
]);

/**
 * Identifiers kios correlates lines by. DANA's requestIds are long digit strings that could look
 * like card numbers; as fields they stay whole (in free text they are masked like any other).
 */
const IDENTIFIER_FIELDS = new Set([
  'reqMsgId',
  'requestId',
  'requestIds',
  'orderId',
  'inquiryId',
  'supplierRef',
]);

const PEM_BLOCK = /-----BEGIN [A-Z0-9 ]+-----[\s\S]*?(?:-----END [A-Z0-9 ]+-----|$)/g;
/** A signature (344 characters for RSA-2048) or a key body; no URL, path or stack frame is this long. */
const BASE64_RUN = /[A-Za-z0-9+/]{100,}={0,2}/g;
/** 08…, 628… and +628… mobile numbers (10–15 digits), not part of a longer digit run. */
const MOBILE_NUMBER = /(?<![\d+])(?:\+62|62|0)8\d{7,11}(?!\d)/g;
const DIGIT_RUN_13_TO_19 = /(?<!\d)\d{13,19}(?!\d)/g;

/** The Luhn checksum every payment card number passes; it keeps most other long numbers readable. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Masks secrets inside free text (a message, an error, a stack trace). */
export function maskText(text: string): string {
  return text
    .replace(PEM_BLOCK, '[REDACTED PEM]')
    .replace(BASE64_RUN, REDACTED)
    .replace(MOBILE_NUMBER, keepLastFour)
    .replace(DIGIT_RUN_13_TO_19, (digits) => (passesLuhn(digits) ? keepLastFour(digits) : digits));
}

const normalise = (field: string) => field.toLowerCase().replace(/[-_]/g, '');

/** A copy of a log record with secret fields redacted and every other text masked. */
export function maskLogRecord(value: unknown, field?: string, depth = 0): unknown {
  if (field !== undefined && SECRET_FIELDS.has(normalise(field))) return REDACTED;
  if (typeof value === 'string')
    return field !== undefined && IDENTIFIER_FIELDS.has(field) ? value : maskText(value);
  if (value === null || typeof value !== 'object' || depth > 20) return value;
  if (Array.isArray(value)) return value.map((item) => maskLogRecord(item, field, depth + 1));
  const masked: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) masked[key] = maskLogRecord(item, key, depth + 1);
  return masked;
}

/** One serialised log line (JSON, newline-terminated) with its secrets masked. */
export function maskLogLine(line: string): string {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return maskText(line);
  }
  return `${JSON.stringify(maskLogRecord(record))}\n`;
}
