import type { Clock } from '@kios/dana-protocol';
import { comparePositions, type Position, type RecordedEvent } from '@kios/event-store';
import type { DataSource, EntityManager } from 'typeorm';
import { loadCheckpoint, saveCheckpoint } from '../checkpoint/projection-checkpoints';
import type { Projection } from '../projection';
import { ProjectionApplyError, type ProjectionLogger } from '../projection-runner';
import { readModelTransaction } from '../read-model-transaction';
import type { RebuildSite } from './rebuild-site';
import { StagedEntityManager } from './staged-entity-manager';
import { UnsupportedStagingOperation } from './staged-table';

/**
 * One projection being rebuilt into its target: events are applied to a staging area in memory and
 * written, with the rebuild's own checkpoint, at each flush. A projection the staging area cannot
 * serve (it queries by more than the primary key, say) is applied through real transactions
 * instead, from the last flush on: slower, same rows.
 */
export class ProjectionBuild {
  private readonly handledTypes: Set<string>;
  /** Events `apply` handles, offered since the last flush: what a fallback replays. */
  private unflushed: RecordedEvent[] = [];
  /** The last event offered past the checkpoint, handled or not: the checkpoint after the next flush. */
  private lastOffered?: Position;

  private constructor(
    readonly projection: Projection,
    readonly target: DataSource,
    /** Where the target is: everything up to here is written. */
    public checkpoint: Position | undefined,
    private stage: StagedEntityManager | undefined,
    private readonly clock: Clock,
    private readonly logger: ProjectionLogger,
  ) {
    this.handledTypes = new Set(projection.eventTypes);
  }

  static async open(
    site: RebuildSite,
    projection: Projection,
    clock: Clock,
    logger: ProjectionLogger,
  ): Promise<ProjectionBuild> {
    const target = await site.openTarget(projection);
    try {
      const checkpoint = await loadCheckpoint(target, projection.name);
      let stage: StagedEntityManager | undefined;
      try {
        stage = await StagedEntityManager.open(target, projection.entities);
      } catch (error) {
        if (!(error instanceof UnsupportedStagingOperation)) throw error;
        logger.warn(`rebuild of ${projection.name} goes through transactions: ${error.message}`);
      }
      return new ProjectionBuild(projection, target, checkpoint, stage, clock, logger);
    } catch (error) {
      await target.destroy();
      throw error;
    }
  }

  get name(): string {
    return this.projection.name;
  }

  get staged(): boolean {
    return this.stage !== undefined;
  }

  /** Whether the target already holds `position`'s effect. */
  covers(position: Position): boolean {
    return this.checkpoint !== undefined && comparePositions(position, this.checkpoint) <= 0;
  }

  /**
   * Takes the next event of `$all`; a promise only when the projection applies it now (most events
   * concern another projection, and awaiting nothing hundreds of thousands of times is not free).
   */
  offer(event: RecordedEvent): Promise<void> | undefined {
    if (this.covers(event.position)) return undefined;
    this.lastOffered = event.position;
    if (!this.handledTypes.has(event.type)) return undefined;
    this.unflushed.push(event);
    return this.stage ? this.applyStaged(event, this.stage) : undefined;
  }

  private async applyStaged(event: RecordedEvent, stage: StagedEntityManager): Promise<void> {
    try {
      await this.projection.apply(event, stage.manager);
    } catch (error) {
      if (!(error instanceof UnsupportedStagingOperation))
        throw new ProjectionApplyError(this.name, event, error);
      this.logger.warn(
        `rebuild of ${this.name} continues through transactions from its last flush: ${error.message}`,
      );
      this.stage = undefined;
    }
  }

  /** Writes what was offered since the last flush and the checkpoint after it, in one target transaction. */
  async flush(): Promise<void> {
    const last = this.lastOffered;
    if (!last) return;
    const { stage, unflushed } = this;
    await readModelTransaction(this.target, async (tx) => {
      if (stage) await stage.flush(tx);
      else await applyEach(this.projection, unflushed, tx);
      await saveCheckpoint(tx, this.name, last, this.clock.now());
    });
    this.checkpoint = last;
    this.lastOffered = undefined;
    this.unflushed = [];
  }

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
