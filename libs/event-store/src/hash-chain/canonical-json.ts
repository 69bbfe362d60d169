import type { JsonValue } from '../event-store.port';

/**
 * JSON with every object's keys in sorted order, so one value always gives one text whatever
 * order its keys were built in or a store handed them back in. Undefined members are dropped
 * exactly as the stores' own JSON serialisation drops them, so a hash taken before append
 * matches the one recomputed from what was read back.
 *
 * The text is, to the byte, what `JSON.stringify` writes with a replacer that rebuilds every object
 * with its keys sorted (the stored hashes were taken over that; test/canonical-json.spec.ts holds
 * the two side by side). It is written out here without that copy of every object: every appended
 * event's hash is taken over it, and the copies were about a tenth of the bytes the request thread
 * allocated under Create Order load.
 */
export function canonicalJson(value: JsonValue | undefined): string {
  return written(value, '') as string;
}

/** `value` as JSON.stringify writes it, objects' keys in canonical order; undefined where it writes nothing. */
function written(value: unknown, key: string): string | undefined {
  if (typeof value === 'object' && value !== null && typeof (value as Jsonable).toJSON === 'function') {
    value = (value as Jsonable).toJSON(key);
  }
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return JSON.stringify(value); // throws, as it does for any bigint
    case 'object':
      if (value === null) return 'null';
      return Array.isArray(value) ? writtenArray(value) : writtenObject(value as Record<string, unknown>);
    default:
      return undefined; // undefined, a function, a symbol
  }
}

function writtenArray(items: unknown[]): string {
  let text = '';
  for (let index = 0; index < items.length; index += 1) {
    text += `${index === 0 ? '' : ','}${written(items[index], String(index)) ?? 'null'}`;
  }
  return `[${text}]`;
}

function writtenObject(object: Record<string, unknown>): string {
  let text = '';
  for (const name of canonicalOrder(object)) {
    const member = written(object[name], name);
    if (member !== undefined) text += `${text === '' ? '' : ','}${JSON.stringify(name)}:${member}`;
  }
  return `{${text}}`;
}

/**
 * The order the replacer's rebuilt objects enumerate their keys in: names that are array indices
 * ("0", "9", "10") first in ascending number, as JavaScript enumerates any object's keys, then the
 * other names sorted. `Object.keys` already lists the indices first and in that order.
 */
function canonicalOrder(object: object): string[] {
  const names = Object.keys(object);
  let indices = 0;
  while (indices < names.length && isArrayIndex(names[indices])) indices += 1;
  if (indices === 0) return names.sort();
  return names.slice(0, indices).concat(names.slice(indices).sort());
}

const MAX_ARRAY_INDEX = 2 ** 32 - 2;
const isArrayIndex = (name: string): boolean =>
  /^(0|[1-9][0-9]*)$/.test(name) && Number(name) <= MAX_ARRAY_INDEX;

interface Jsonable {
  toJSON(key: string): unknown;
}
