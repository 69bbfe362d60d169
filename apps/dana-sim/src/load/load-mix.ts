import { readFileSync } from 'node:fs';
import type { DanaDestinationInfo, MoneyWire, PresignedRequest } from '@kios/dana-protocol';
import { parse } from 'yaml';
import { inquiryResult, type KiosApi } from '../kios/kios-api';
import { SimError } from '../sim-context';

/**
 * One kind of request in a load mix, sent `weight` times in every cycle of all weights. In a
 * destination every `#` is replaced by digits of the request's sequence number, so destinations
 * differ (and never end in a §7 scenario ending unless the template says so).
 */
export type MixEntry = { weight: number } & (
  | { call: 'createOrder'; productId: string; destination: string; zone?: string; price?: string }
  | { call: 'inquire'; productId: string; destination: string; zone?: string }
  | { call: 'products'; type: string; provider?: string }
);

/** Without --mix: what DANA sends most, orders for pulsa, with an inquiry before some of them. */
export const DEFAULT_MIX: MixEntry[] = [
  { weight: 4, call: 'createOrder', productId: 'TSEL-10K', destination: '0812#######5' },
  { weight: 1, call: 'inquire', productId: 'TSEL-10K', destination: '0813#######5' },
];

export function readMixFile(path: string): MixEntry[] {
  let document: unknown;
  try {
    document = parse(readFileSync(path, 'utf8'), { schema: 'failsafe' });
  } catch (error) {
    throw new SimError(`cannot read the mix ${path}: ${(error as Error).message}`);
  }
  if (!Array.isArray(document) || document.length === 0) {
    throw new SimError(
      `${path} must be a list of requests, e.g. - { call: createOrder, productId: TSEL-10K, destination: "0812#######5", weight: 4 }`,
    );
  }
  return document.map((raw, index) => mixEntry(raw, `${path}: entry ${index + 1}`));
}

function mixEntry(raw: unknown, where: string): MixEntry {
  const entry = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const text = (key: string, required: boolean): string | undefined => {
    const value = entry[key];
    if (value === undefined) {
      if (required) throw new SimError(`${where}: needs \`${key}\``);
      return undefined;
    }
    if (typeof value !== 'string' || value === '') throw new SimError(`${where}: \`${key}\` must be a text`);
    return value;
  };
  const weightText = text('weight', false) ?? '1';
  if (!/^[1-9]\d*$/.test(weightText)) throw new SimError(`${where}: \`weight\` must be a whole number ≥ 1`);
  const weight = Number(weightText);
  const price = text('price', false);
  if (price !== undefined && !/^\d{1,19}$/.test(price)) {
    throw new SimError(`${where}: \`price\` must be minor units (digits), got "${price}"`);
  }
  const destination = () => ({
    productId: text('productId', true)!,
    destination: text('destination', true)!,
    ...(entry.zone === undefined ? {} : { zone: text('zone', true)! }),
  });
  switch (entry.call) {
    case 'createOrder':
      return { weight, call: 'createOrder', ...destination(), ...(price ? { price } : {}) };
    case 'inquire':
      return { weight, call: 'inquire', ...destination() };
    case 'products': {
      const provider = text('provider', false);
      return { weight, call: 'products', type: text('type', true)!, ...(provider ? { provider } : {}) };
    }
    default:
      throw new SimError(
        `${where}: \`call\` must be createOrder, inquire or products, got ${JSON.stringify(entry.call)}`,
      );
  }
}

/** `0812#######5` with sequence 42 → `081200000425`; the sequence wraps at the number of `#`. */
export function fillTemplate(template: string, sequence: number): string {
  const slots = template.split('#').length - 1;
  if (slots === 0) return template;
  const digits = String(sequence % 10 ** slots).padStart(slots, '0');
  let next = 0;
  return template.replace(/#/g, () => digits[next++]);
}

/** The mix entry of request `index`: weights in a fixed cycle, so a run is repeatable. */
export function entryAt(mix: MixEntry[], index: number): MixEntry {
  const cycle = mix.reduce((sum, entry) => sum + entry.weight, 0);
  let position = index % cycle;
  for (const entry of mix) {
    if (position < entry.weight) return entry;
    position -= entry.weight;
  }
  throw new Error('unreachable: the position is within the cycle');
}

export interface LoadRequest {
  call: MixEntry['call'];
  request: PresignedRequest;
}

/**
 * Signs `count` requests of the mix before anything is timed. An order without a `price` is charged
 * what one inquiry for the product says now (fixed-price products: a bill's inquiry is used once).
 */
export async function presignMix(
  api: KiosApi,
  mix: MixEntry[],
  count: number,
  runId: string,
): Promise<LoadRequest[]> {
  const prices = new Map<MixEntry, MoneyWire>();
  for (const entry of mix) {
    if (entry.call !== 'createOrder') continue;
    prices.set(entry, entry.price ? { value: entry.price, currency: 'IDR' } : await priceOf(api, entry));
  }
  return Array.from({ length: count }, (_, index) => {
    const entry = entryAt(mix, index);
    switch (entry.call) {
      case 'createOrder':
        return {
          call: entry.call,
          request: api.client.presign('createOrder', {
            requestId: `${runId}-${index + 1}`,
            productId: entry.productId,
            destinationInfo: destinationOf(entry, index),
            danaSellingPrice: prices.get(entry)!,
          }),
        };
      case 'inquire':
        return {
          call: entry.call,
          request: api.client.presign('destinationInquiry', {
            productId: entry.productId,
            destinationInfos: [destinationOf(entry, index)],
          }),
        };
      case 'products':
        return {
          call: entry.call,
          request: api.client.presign('productQuery', {
            type: entry.type,
            ...(entry.provider ? { provider: entry.provider } : {}),
          }),
        };
    }
  });
}

function destinationOf(entry: { destination: string; zone?: string }, index: number): DanaDestinationInfo {
  const primaryParam = fillTemplate(entry.destination, index);
  return entry.zone === undefined ? { primaryParam } : { primaryParam, secondaryParam: entry.zone };
}

async function priceOf(api: KiosApi, entry: Extract<MixEntry, { call: 'createOrder' }>): Promise<MoneyWire> {
  const result = await inquiryResult(api, entry.productId, destinationOf(entry, 0));
  if (result.inquiryStatus?.status !== 'SUCCESS' || !result.totalAmount) {
    throw new SimError(
      `cannot price ${entry.productId}: its inquiry answered ${result.inquiryStatus?.code} ${result.inquiryStatus?.status}; give the mix entry a price`,
    );
  }
  return result.totalAmount;
}
