import { comparePositions, type Position, type RecordedEvent } from '@kios/event-store';
import type { DataSource } from 'typeorm';
import type { Projection } from '../projection';

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

/** Whether `checkpoint` already holds `position`'s effect. */
export const covers = (checkpoint: Position | undefined, position: Position): boolean =>
  checkpoint !== undefined && comparePositions(position, checkpoint) <= 0;
