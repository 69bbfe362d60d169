import type { Clock } from '@kios/dana-protocol';
import { checkpointToPosition, type EventStore } from '@kios/event-store';
import { loadCheckpoint, measureLag, type ProjectionLag, type ProjectionRunner } from '@kios/projections';
import type { DataSource } from 'typeorm';

/**
 * A projection's lag, counted up to `countLimit` events (readiness only needs to know whether the
 * bound is passed, a scrape must stay cheap): from the checkpoint in memory when it runs in this
 * process, else from its checkpoint as stored by whichever process runs it (a worker process, the
 * replica holding its lease; docs/architecture.md §1).
 */
export async function probeProjectionLag(
  runner: ProjectionRunner,
  store: EventStore,
  readModel: DataSource,
  clock: Clock,
  countLimit: number,
): Promise<ProjectionLag> {
  const { state, checkpoint } = runner.status();
  const position =
    state === 'idle'
      ? await loadCheckpoint(readModel, runner.name)
      : checkpoint === undefined
        ? undefined
        : checkpointToPosition(checkpoint);
  return measureLag(store, position, clock, countLimit);
}
