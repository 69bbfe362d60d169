import type { RecordedEvent } from '@kios/event-store';
import type { EntityManager } from 'typeorm';
import type { Projection } from './projection';
import { ProjectionApplyError } from './projection-apply-error';

/**
 * Applies to `projection`, through `tx`, those of `events` it handles, in order: as one batch when
 * it can take one, else one by one. A failure names the event it happened on.
 */
export async function applyEvents(
  projection: Projection,
  events: readonly RecordedEvent[],
  tx: EntityManager,
): Promise<void> {
  const handled = events.filter((event) => projection.eventTypes.includes(event.type));
  if (handled.length === 0) return;
  if (projection.applyBatch) {
    await projection.applyBatch(handled, tx);
    return;
  }
  for (const event of handled) {
    try {
      await projection.apply(event, tx);
    } catch (cause) {
      throw new ProjectionApplyError(projection.name, event, cause);
    }
  }
}
