import type { Clock } from '@kios/dana-protocol';
import type { Projection } from '../projection';
import type { FoldedProjection } from '../row-fold';
import { FoldBuild } from './fold-build';
import type { ProjectionBuild } from './projection-build';
import type { RebuildSite } from './rebuild-site';
import { TransactionBuild } from './transaction-build';

/** A build through the projection's fold when it has one, else through transactions of its `apply`. */
export function openProjectionBuild(
  site: RebuildSite,
  projection: Projection,
  clock: Clock,
): Promise<ProjectionBuild> {
  return isFolded(projection)
    ? FoldBuild.open(site, projection, clock)
    : TransactionBuild.open(site, projection, clock);
}

const isFolded = (projection: Projection): projection is FoldedProjection =>
  (projection as Partial<FoldedProjection>).fold !== undefined;
