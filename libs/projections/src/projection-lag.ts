import type { Clock } from '@kios/dana-protocol';
import { comparePositions, type EventStore, type Position } from '@kios/event-store';

export interface ProjectionLag {
  /** Events in `$all` after the checkpoint; a lower bound when `eventsCapped`. */
  events: number;
  /** Age of the oldest event not yet applied; 0 when caught up. */
  seconds: number;
  /** Counting stopped at the limit (a rebuild far behind); `events` is then the limit. */
  eventsCapped: boolean;
}

/**
 * How far a checkpoint trails the store. The port has no count, so this reads the events after the
 * checkpoint, up to `countLimit` of them.
 */
export async function measureLag(
  store: EventStore,
  checkpoint: Position | undefined,
  clock: Clock,
  countLimit: number,
): Promise<ProjectionLag> {
  const head = await store.headPosition();
  if (head === undefined || (checkpoint !== undefined && comparePositions(checkpoint, head) >= 0)) {
    return { events: 0, seconds: 0, eventsCapped: false };
  }
  let events = 0;
  let oldest: Date | undefined;
  for await (const event of store.readAll({ after: checkpoint, maxCount: countLimit })) {
    oldest ??= event.recordedAt;
    events += 1;
  }
  const seconds = oldest === undefined ? 0 : Math.max(0, (clock.now().getTime() - oldest.getTime()) / 1000);
  return { events, seconds, eventsCapped: events >= countLimit };
}
