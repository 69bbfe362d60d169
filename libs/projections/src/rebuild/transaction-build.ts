import type { Clock } from '@kios/dana-protocol';
import type { Position, RecordedEvent } from '@kios/event-store';
import type { DataSource } from 'typeorm';
import { loadCheckpoint, saveCheckpoint } from '../checkpoint/projection-checkpoints';
import type { Projection } from '../projection';
import { applyEvents } from '../apply-events';
import { readModelTransaction } from '../read-model-transaction';
import { covers, type ProjectionBuild } from './projection-build';
import type { RebuildSite } from './rebuild-site';

/**
 * A projection known only by its `apply`: the events of each flush are applied through one real
 * transaction on the target. Slower than a fold, same rows.
 */
export class TransactionBuild implements ProjectionBuild {
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
      await applyEvents(this.projection, this.unflushed, tx);
      await saveCheckpoint(
        tx,
        this.projection.name,
        { expected: this.checkpoint, position: through },
        this.clock.now(),
      );
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
