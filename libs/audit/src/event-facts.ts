import { formatDanaTime, formatRupiah, idr } from '@kios/dana-protocol';
import type { JsonObject, JsonValue } from '@kios/event-store';

/** One thing an event states, ready to print: a dotted path into its data and the value for people. */
export interface Fact {
  key: string;
  value: string;
  /** Money's minor units as stored (digits), for a view that writes money its own way. */
  minorUnits?: string;
}

/** Event fields that hold money as minor-unit digit strings (order, inquiry and product events). */
const MONEY_KEYS = new Set([
  'price',
  'previousPrice',
  'baseAmount',
  'adminFee',
  'fineAmount',
  'totalAmount',
  'cost',
  'maxCost',
]);
/** How events store instants (libs/ordering event-data.ts): ISO-8601 UTC. */
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;
const DIGITS = /^\d+$/;

/**
 * What an event's data says, for people: nested fields as dotted keys, money as rupiah with its
 * minor units, instants in GMT+7. `omitRequestId`: the order the history is about, which every
 * order event repeats.
 */
export function eventFacts(data: JsonObject, omitRequestId?: string): Fact[] {
  return Object.entries(data)
    .filter(([key, value]) => !(key === 'requestId' && value === omitRequestId))
    .flatMap(([key, value]) => factsOf(key, key, value));
}

function factsOf(path: string, key: string, value: JsonValue): Fact[] {
  const money = MONEY_KEYS.has(key) ? minorUnitsOf(value) : undefined;
  if (money !== undefined)
    return [{ key: path, value: `${formatRupiah(idr(money))} (${money} minor units)`, minorUnits: money }];
  if (Array.isArray(value)) return value.flatMap((item, index) => factsOf(`${path}[${index}]`, key, item));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([child, nested]) => factsOf(`${path}.${child}`, child, nested));
  }
  return [{ key: path, value: shown(value) }];
}

/** Money is a digit string, or a catalog price `{ value, currency: 'IDR' }`. */
function minorUnitsOf(value: JsonValue): string | undefined {
  if (typeof value === 'string' && DIGITS.test(value)) return value;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const { value: minor, currency } = value;
    if (currency === 'IDR' && typeof minor === 'string' && DIGITS.test(minor)) return minor;
  }
  return undefined;
}

function shown(value: string | number | boolean | null): string {
  if (typeof value !== 'string') return String(value);
  if (ISO_UTC.test(value)) return formatDanaTime(new Date(value));
  // Quoted when it would otherwise blur into the next fact.
  return value === '' || /[\s,="]/.test(value) ? JSON.stringify(value) : value;
}
