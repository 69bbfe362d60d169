import type { Clock } from '@kios/dana-protocol';
import { comparePositions, type Position, type RecordedEvent } from '@kios/event-store';
import type { DataSource, EntityManager } from 'typeorm';
import { loadCheckpoint, saveCheckpoint } from '../checkpoint/projection-checkpoints';
import type { Projection } from '../projection';
import { ProjectionApplyError } from '../projection-runner';
import { readModelTransaction } from '../read-model-transaction';
import type { FoldedProjection } from '../row-fold';
import { FoldBuild } from './fold-build';
import type { RebuildSite } from './rebuild-site';

/** One projection being rebuilt into its target, fed `$all` from its checkpoint on. */
export interface ProjectionBuild {
  readonly projection: Projection;
  readonly target: DataSource;
  /** Where the target is: everything up to here is committed (a write under way may take it further). */
  checkpoint: Position | undefined;
  /** false when the projection has no fold and is replayed through transactions (TransactionBuild). */
  readonly folded: boolean;
  /**
   * Takes the next event of `$all` past the checkpoint, of a type the projection handles; a promise
   * only when it must wait (most events need none).
   */
  offer(event: RecordedEvent): Promise<void> | undefined;
  /**
   * Hands what was offered since the last flush to the target, with `through` (the last event of
   * `$all` read, handled or not) as its checkpoint; nothing when the target is there already.
   */
  flush(through: Position | undefined): Promise<void>;
  /** Waits until every flush is written; throws if one failed. */
  settled(): Promise<void>;
  /** Waits until every flush is written, then lets the writer go: the replay is over. */
  finish(): Promise<void>;
  close(): Promise<void>;
}

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

/** Whether `checkpoint` already holds `position`'s effect. */
export const covers = (checkpoint: Position | undefined, position: Position): boolean =>
  checkpoint !== undefined && comparePositions(position, checkpoint) <= 0;

/**
 * A projection known only by its `apply`: the events of each flush are applied through one real
 * transaction on the target. Slower than a fold, same rows.
 */
class TransactionBuild implements ProjectionBuild {
  readonly folded = false;
  private unflushed: RecordedEvent[] = [];

  private constructor(
    readonly projection: Projection,
    readonly target: DataSource,
    public checkpoint: Position | undefined,
    private readonly clock: Clock,
  ) {}

  static async open(site: RebuildSite, projection: Projection, clock: Clock): Promise<TransactionBuild> {
    const target = await site.openTarget(projection);
    try {
      return new TransactionBuild(projection, target, await loadCheckpoint(target, projection.name), clock);
    } catch (error) {
      await target.destroy();
      throw error;
    }
  }

  offer(event: RecordedEvent): undefined {
    this.unflushed.push(event);
    return undefined;
  }

  async flush(through: Position | undefined): Promise<void> {
    if (!through || covers(this.checkpoint, through)) return;
    await readModelTransaction(this.target, async (tx) => {
      await applyEach(this.projection, this.unflushed, tx);
      await saveCheckpoint(tx, this.projection.name, through, this.clock.now());
    });
    this.checkpoint = through;
    this.unflushed = [];
  }

  async settled(): Promise<void> {}

  async finish(): Promise<void> {}

  async close(): Promise<void> {
    if (this.target.isInitialized) await this.target.destroy();
  }
}

/** Applies `events` through a real transaction, naming the event a failure happened on. */
export async function applyEach(
  projection: Projection,
  events: Iterable<RecordedEvent>,
  tx: EntityManager,
): Promise<void> {
  for (const event of events) {
    try {
      await projection.apply(event, tx);
    } catch (error) {
      throw new ProjectionApplyError(projection.name, event, error);
    }
  }
}
