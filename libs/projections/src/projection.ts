import type { RecordedEvent } from '@kios/event-store';
import type { EntityManager } from 'typeorm';
import type { ReadModelEntity, ReadModelMigration } from './read-model.data-source';

/**
 * A read model fed from `$all` (docs/architecture.md §1). It never calls out and never reads the event store:
 * everything it stores comes from the events it is given, so it can be dropped and rebuilt.
 */
export interface Projection {
  /** Unique; keys its checkpoint. */
  readonly name: string;
  /** The event types `apply` is called with; the runner still moves the checkpoint past all others. */
  readonly eventTypes: readonly string[];
  readonly entities: readonly ReadModelEntity[];
  /** Hand-written migrations creating its tables (timestamped class names, TypeORM's convention). */
  readonly migrations: readonly ReadModelMigration[];
  /**
   * Writes the event's effect through `tx`, inside the transaction that also saves the checkpoint.
   * Must be idempotent: after a crash the runner may hand it an event it already applied, so it
   * guards by the event's stream revision.
   */
  apply(event: RecordedEvent, tx: EntityManager): Promise<void>;
  /**
   * `apply` for each of `events` in order (all of types it handles), with the same effect and fewer
   * statements; a failure names the event it happened on (ProjectionApplyError).
   */
  applyBatch?(events: readonly RecordedEvent[], tx: EntityManager): Promise<void>;
}
