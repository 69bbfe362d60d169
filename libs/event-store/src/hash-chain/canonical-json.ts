import type { JsonValue } from '../event-store.port';

/**
 * JSON with every object's keys in sorted order, so one value always gives one text whatever
 * order its keys were built in or a store handed them back in. Undefined members are dropped
 * exactly as the stores' own JSON serialisation drops them, so a hash taken before append
 * matches the one recomputed from what was read back.
 */
export function canonicalJson(value: JsonValue | undefined): string {
  return JSON.stringify(value, (_key, member: unknown) =>
    isPlainObject(member)
      ? Object.fromEntries(
          Object.keys(member)
            .sort()
            .map((key) => [key, member[key]]),
        )
      : member,
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
