import { formatDanaTime } from '@kios/dana-protocol';
import type { ProjectionOverview } from './projection-overview';

/** A projection's state for machines (kios-cli projections status --json, GET /admin/projections). */
export function projectionOverviewDocument(overview: ProjectionOverview) {
  return {
    name: overview.name,
    checkpoint: overview.checkpoint ?? null,
    checkpointSavedAt: overview.checkpointSavedAt ? formatDanaTime(overview.checkpointSavedAt) : null,
    lag: {
      events: overview.lag.events,
      eventsCapped: overview.lag.eventsCapped,
      seconds: Math.round(overview.lag.seconds * 1000) / 1000,
    },
    rebuild: overview.rebuild,
  };
}
