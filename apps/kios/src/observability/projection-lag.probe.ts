import type { Clock } from '@kios/dana-protocol';
import { checkpointToPosition, type EventStore } from '@kios/event-store';
import { measureLag, type ProjectionLag, type ProjectionRunner } from '@kios/projections';

/**
 * A running projection's lag from its checkpoint in memory, counted up to `countLimit` events:
 * readiness only needs to know whether the bound is passed, a scrape must stay cheap.
 */
export function probeProjectionLag(
  runner: ProjectionRunner,
  store: EventStore,
  clock: Clock,
  countLimit: number,
): Promise<ProjectionLag> {
  const { checkpoint } = runner.status();
  return measureLag(
    store,
    checkpoint === undefined ? undefined : checkpointToPosition(checkpoint),
    clock,
    countLimit,
  );
}
