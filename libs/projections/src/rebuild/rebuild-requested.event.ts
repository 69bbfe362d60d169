import { randomUUID } from 'node:crypto';
import type { EventStore, EventToAppend } from '@kios/event-store';
import { causedByRequest, eventMetadata } from '@kios/ordering';

/** The stream of a projection's admin history: who asked for each rebuild of it (docs/architecture.md §3). */
export const projectionStream = (projection: string): string => `projection-${projection}`;

/**
 * `ProjectionRebuildRequested`: a rebuild started through the admin API or kios-cli, naming who
 * started it. A read model holds nothing of its own (it is rebuilt from events), so this is the one
 * trace a rebuild leaves in the event store; one event on each rebuilt projection's stream, `together`
 * naming every projection the request rebuilt.
 */
export function rebuildRequested(
  projection: string,
  together: readonly string[],
  requestedBy: string,
  commandId: string,
  now: Date,
): EventToAppend {
  return {
    type: 'ProjectionRebuildRequested',
    data: { projection, together: [...together], requestedBy, requestedAt: now.toISOString() },
    metadata: eventMetadata(causedByRequest(commandId), now),
  };
}

/** Records one request to rebuild `names` together, by `requestedBy` (`kios-admin (…)`, `kios-cli (…)`). */
export async function recordRebuildRequest(
  store: EventStore,
  names: readonly string[],
  requestedBy: string,
  commandPrefix: string,
  now: Date,
): Promise<void> {
  const commandId = `${commandPrefix}-${randomUUID()}`;
  for (const projection of names) {
    await store.append(
      projectionStream(projection),
      [rebuildRequested(projection, names, requestedBy, commandId, now)],
      'any',
    );
  }
}
