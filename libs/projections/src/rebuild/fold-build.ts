import type { Clock } from '@kios/dana-protocol';
import { type DomainEvent, type Position, positionToCheckpoint, type RecordedEvent } from '@kios/event-store';
import type { DataSource, ObjectLiteral } from 'typeorm';
import { loadCheckpoint } from '../checkpoint/projection-checkpoints';
import { ProjectionApplyError } from '../projection-apply-error';
import { type DecodedEvent, decoded, type FoldedProjection, foldEvent, type RowFold } from '../row-fold';
import type { RevisionedRow } from '../row-revision';
import { covers, type ProjectionBuild } from './projection-build';
import type { RebuildSite } from './rebuild-site';
import { RebuiltTable, type RebuildWriter, type RowBatch } from './row-batch';

type State = RevisionedRow;

/**
 * A projection rebuilt through its fold: each event is folded in memory into the state of its key,
 * and each flush hands the rows changed since the one before to the target's writer, which writes
 * them while the replay goes on (one flush under way at a time). The states of the last two flush
 * windows stay in memory, so an order whose events straddle a flush is folded on without reading
 * its row back; an older key is read back from the target, whose writes are done by then.
 */
export class FoldBuild implements ProjectionBuild {
  readonly folded = true;
  private readonly fold: RowFold<State, ObjectLiteral>;
  /** The states of the keys offered since the last flush; undefined for a key with no row. */
  private states = new Map<string, State | undefined>();
  /** The states the last flush handed over. */
  private flushed = new Map<string, State | undefined>();
  private readonly changed = new Set<string>();
  /** Where the flushes handed to the writer end: the checkpoint once the writes are done. */
  private handedOver: Position | undefined;
  private writing: Promise<void> = Promise.resolve();
  private writeFailure?: unknown;

  private constructor(
    readonly projection: FoldedProjection,
    readonly target: DataSource,
    public checkpoint: Position | undefined,
    private readonly table: RebuiltTable,
    /** The keys the target holds a row for once the writes under way are done. */
    private readonly persisted: Set<string>,
    private readonly writer: RebuildWriter,
    private readonly clock: Clock,
  ) {
    this.fold = projection.fold;
    this.handedOver = checkpoint;
  }

  static async open(site: RebuildSite, projection: FoldedProjection, clock: Clock): Promise<FoldBuild> {
    const target = await site.openTarget(projection);
    try {
      const checkpoint = await loadCheckpoint(target, projection.name);
      const table = new RebuiltTable(target, target.getMetadata(projection.fold.entity));
      const persisted = await table.keys();
      const writer = await site.openWriter(projection, target, table.statements);
      return new FoldBuild(projection, target, checkpoint, table, persisted, writer, clock);
    } catch (error) {
      await target.destroy();
      throw error;
    }
  }

  offer(recorded: RecordedEvent): Promise<void> | undefined {
    let event: DecodedEvent<DomainEvent>;
    try {
      event = decoded(this.fold, recorded);
    } catch (error) {
      throw new ProjectionApplyError(this.projection.name, recorded, error);
    }
    const { key } = event;
    if (this.states.has(key)) this.foldInto(key, this.states.get(key), event);
    else if (this.flushed.has(key)) this.foldInto(key, this.flushed.get(key), event);
    else if (this.persisted.has(key)) return this.readThenFold(key, event);
    else this.foldInto(key, undefined, event);
    return undefined;
  }

  async flush(through: Position | undefined): Promise<void> {
    if (!through || covers(this.handedOver, through)) return;
    const batch = this.takeChanges(through);
    this.handedOver = through;
    await this.settled();
    this.writing = this.writer.write(batch).then(
      () => {
        this.checkpoint = through;
      },
      (error: unknown) => {
        this.writeFailure = error;
      },
    );
  }

  async settled(): Promise<void> {
    await this.writing;
    if (this.writeFailure !== undefined) throw this.writeFailure;
  }

  async finish(): Promise<void> {
    await this.settled();
    await this.writer.close();
  }

  async close(): Promise<void> {
    await this.writing;
    await this.writer.close();
    if (this.target.isInitialized) await this.target.destroy();
  }

  private foldInto(key: string, state: State | undefined, event: DecodedEvent<DomainEvent>): void {
    let next: State | undefined;
    try {
      next = foldEvent(this.fold, state, event);
    } catch (error) {
      throw new ProjectionApplyError(this.projection.name, event.recorded, error);
    }
    this.states.set(key, next);
    if (next !== state) this.changed.add(key);
  }

  /** A key last changed before the last flush: its row is in the target, written and committed. */
  private async readThenFold(key: string, event: DecodedEvent<DomainEvent>): Promise<void> {
    const row = await this.target.getRepository(this.fold.entity).findOneBy({ [this.fold.key]: key });
    this.foldInto(key, row ? this.fold.fromRow(row) : undefined, event);
  }

  /** The rows changed since the last flush, and their keys' rows to replace; starts a new window. */
  private takeChanges(last: Position): RowBatch {
    const deleteKeys: unknown[] = [];
    const rows: unknown[][] = [];
    for (const key of this.changed) {
      const state = this.states.get(key);
      if (this.persisted.has(key)) deleteKeys.push(this.table.storedKey(key));
      if (state === undefined) this.persisted.delete(key);
      else {
        rows.push(this.table.stored(this.fold.toRow(state)));
        this.persisted.add(key);
      }
    }
    this.changed.clear();
    this.flushed = this.states;
    this.states = new Map();
    return {
      deleteKeys,
      rows,
      checkpoint: {
        name: this.projection.name,
        position: positionToCheckpoint(last),
        updatedAt: this.clock.now().toISOString(),
      },
    };
  }
}
