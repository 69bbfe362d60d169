import type { Clock } from '@kios/dana-protocol';
import { checkpointToPosition, type EventStore, positionToCheckpoint } from '@kios/event-store';
import { ProjectionCheckpoint } from '../checkpoint/projection-checkpoint.entity';
import type { Projection } from '../projection';
import { measureLag, type ProjectionLag } from '../projection-lag';
import type { RebuildSite } from './rebuild-site';

export type RebuildState =
  | { state: 'none' }
  /** `checkpoint`: how far it has written; undefined before its first flush. */
  | { state: 'running'; holder: string; checkpoint?: string }
  | { state: 'interrupted'; checkpoint?: string };

/** One projection as an admin sees it: where it is, how far behind the store, and any rebuild. */
export interface ProjectionOverview {
  name: string;
  /** The live checkpoint; undefined before the projection applied its first event. */
  checkpoint?: string;
  checkpointSavedAt?: Date;
  lag: ProjectionLag;
  rebuild: RebuildState;
}

/** The live state of each projection in `site`'s read model; `lagCountLimit` caps the events counted. */
export async function describeProjections(
  store: EventStore,
  site: RebuildSite,
  projections: readonly Projection[],
  clock: Clock,
  lagCountLimit = 100_000,
): Promise<ProjectionOverview[]> {
  const checkpoints = new Map(
    (await site.live.getRepository(ProjectionCheckpoint).find()).map((row) => [row.name, row]),
  );
  const overviews: ProjectionOverview[] = [];
  for (const projection of projections) {
    const saved = checkpoints.get(projection.name);
    const position = saved && checkpointToPosition(saved.position);
    overviews.push({
      name: projection.name,
      checkpoint: saved?.position,
      checkpointSavedAt: saved && new Date(saved.updatedAt),
      lag: await measureLag(store, position, clock, lagCountLimit),
      rebuild: await rebuildState(site, projection),
    });
  }
  return overviews;
}

async function rebuildState(site: RebuildSite, projection: Projection): Promise<RebuildState> {
  const holder = await site.lockHolder(projection);
  const leftover = await site.leftover(projection);
  const checkpoint =
    leftover === undefined || leftover === 'started' ? undefined : positionToCheckpoint(leftover);
  if (holder !== undefined) return { state: 'running', holder, ...(checkpoint ? { checkpoint } : {}) };
  if (leftover !== undefined) return { state: 'interrupted', ...(checkpoint ? { checkpoint } : {}) };
  return { state: 'none' };
}
