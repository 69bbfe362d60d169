import { SUPPLIER_SIM_DEFAULTS } from '../../apps/supplier-sim/src/supplier-sim';

/**
 * What no kios log line may show (issue #9): key material, signatures, a full Indonesian mobile
 * number, a full card number. Written apart from kios's masking on purpose: it checks the output,
 * not the masking code.
 */
export interface LogLeak {
  line: number;
  kind: 'PEM block' | 'base64 run' | 'mobile number' | 'card number' | 'supplier secret';
}

/**
 * The supplier credentials the tests hand kios (supplier-sim's Digiflazz API key and webhook
 * secret): no pattern tells them from other text, so the scan looks for them as they are.
 */
export const TEST_SUPPLIER_SECRETS: readonly string[] = [
  SUPPLIER_SIM_DEFAULTS.key,
  SUPPLIER_SIM_DEFAULTS.webhookSecret,
];

/** Correlation ids stay whole in kios's logs; long digit-string requestIds must not count as card numbers. */
const IDENTIFIER_FIELDS = new Set([
  'reqMsgId',
  'requestId',
  'requestIds',
  'orderId',
  'inquiryId',
  'supplierRef',
]);

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const CHECKS: { kind: LogLeak['kind']; pattern: RegExp; confirm?: (match: string) => boolean }[] = [
  { kind: 'supplier secret', pattern: new RegExp(TEST_SUPPLIER_SECRETS.map(escape).join('|')) },
  { kind: 'PEM block', pattern: /-----BEGIN|PRIVATE KEY-----/ },
  { kind: 'base64 run', pattern: /[A-Za-z0-9+/]{100,}/ },
  { kind: 'mobile number', pattern: /(?<![\d+])(?:\+?62|0)8\d{7,11}(?!\d)/ },
  { kind: 'card number', pattern: /(?<!\d)\d{13,19}(?!\d)/g, confirm: luhn },
];

function luhn(digits: string): boolean {
  let sum = 0;
  [...digits].reverse().forEach((char, index) => {
    const doubled = index % 2 === 1 ? Number(char) * 2 : Number(char);
    sum += doubled > 9 ? doubled - 9 : doubled;
  });
  return sum % 10 === 0;
}

/** Every text a JSON line holds, except its correlation ids; a line that is not JSON is one text. */
function textsOf(line: string): string[] {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return [line];
  }
  const texts: string[] = [];
  const walk = (value: unknown, field?: string): void => {
    if (field !== undefined && IDENTIFIER_FIELDS.has(field)) return;
    if (typeof value === 'string') texts.push(value);
    else if (Array.isArray(value)) value.forEach((item) => walk(item, field));
    else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) walk(item, key);
    }
  };
  walk(record);
  return texts;
}

export function findLogLeaks(log: string): LogLeak[] {
  const leaks: LogLeak[] = [];
  log.split('\n').forEach((line, index) => {
    const texts = textsOf(line);
    for (const { kind, pattern, confirm } of CHECKS) {
      const found = texts.some((text) =>
        confirm ? [...text.matchAll(pattern)].some(([match]) => confirm(match)) : pattern.test(text),
      );
      if (found) leaks.push({ line: index + 1, kind });
    }
  });
  return leaks;
}
