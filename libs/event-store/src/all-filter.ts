import type { AllFilter } from './event-store.port';

/** True when an event of `type` in `stream` passes `filter`; both criteria must hold when both are given. */
export function matchesFilter(stream: string, type: string, filter: AllFilter | undefined): boolean {
  if (!filter) return true;
  const { streamPrefixes, eventTypes } = filter;
  if (streamPrefixes && !streamPrefixes.some((prefix) => stream.startsWith(prefix))) return false;
  if (eventTypes && !eventTypes.includes(type)) return false;
  return true;
}
