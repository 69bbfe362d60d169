import type { DomainEvent, RecordedEvent } from '@kios/event-store';
import type { EntityManager, ObjectLiteral } from 'typeorm';
import type { Projection } from './projection';
import type { ReadModelMigration } from './read-model.data-source';
import type { RevisionedRow } from './row-revision';

/**
 * A read model of one table with one row per key (an order's requestId, a product's id), each row
 * the fold of its key's events: the shape of every kios read model. The fold is pure and
 * synchronous, so the live runner and a rebuild share it: the runner loads, folds and writes a row
 * per event inside its transaction (`foldedProjection`); a rebuild folds in memory and writes rows in
 * bulk (rebuild/fold-build.ts). Both decode each stored event first (`decoded`), so the fold only
 * ever sees checked domain events.
 */
export interface RowFold<
  State extends RevisionedRow,
  Row extends ObjectLiteral,
  E extends DomainEvent = DomainEvent,
> {
  /** The table's entity; its primary key is the one column `key` names. */
  readonly entity: new () => Row;
  readonly key: keyof Row & string;
  /** Its stream kind's decoder (e.g. decodeOrderEvent): throws UnreadableEvent for a stored event it cannot read. */
  decode(recorded: RecordedEvent): E;
  /** The key of the row `event` changes. */
  keyOf(event: E): string;
  /**
   * The state after `event` (stored as `recorded`): `state` itself when the event changes nothing,
   * undefined when the key has no row afterwards (never created, or deleted). Throws when the events
   * are out of order.
   */
  evolve(state: State | undefined, event: E, recorded: RecordedEvent): State | undefined;
  toRow(state: State): Row;
  fromRow(row: Row): State;
}

/** A projection defined by its fold: `apply` loads, folds and writes one row. */
export type FoldedProjection = Projection & { readonly fold: RowFold<RevisionedRow, ObjectLiteral> };

/** A stored event read through its fold's decoder, and the key of the row it changes. */
export interface DecodedEvent<E extends DomainEvent> {
  event: E;
  recorded: RecordedEvent;
  key: string;
}

/** Decodes `recorded` (throwing UnreadableEvent when it cannot be read) before anything folds it. */
export function decoded<E extends DomainEvent>(
  fold: Pick<RowFold<RevisionedRow, ObjectLiteral, E>, 'decode' | 'keyOf'>,
  recorded: RecordedEvent,
): DecodedEvent<E> {
  const event = fold.decode(recorded);
  return { event, recorded, key: fold.keyOf(event) };
}

/**
 * `fold.evolve`, unless `state` already holds the event: after a crash the runner hands a projection
 * again the events it applied before its checkpoint was saved, and those are at or below the
 * revision of the row.
 */
export function foldEvent<State extends RevisionedRow, Row extends ObjectLiteral, E extends DomainEvent>(
  fold: RowFold<State, Row, E>,
  state: State | undefined,
  { event, recorded }: DecodedEvent<E>,
): State | undefined {
  if (state !== undefined && state.revision >= recorded.revision) return state;
  return fold.evolve(state, event, recorded);
}

/** The projection a fold defines, as the live runner applies it: load the key's row, fold, write it back. */
export function foldedProjection<
  State extends RevisionedRow,
  Row extends ObjectLiteral,
  E extends DomainEvent,
>(definition: {
  name: string;
  /** Of the fold's stream kind: the fold is handed only these. */
  eventTypes: readonly E['type'][];
  migrations: readonly ReadModelMigration[];
  fold: RowFold<State, Row, E>;
}): FoldedProjection {
  const { fold } = definition;
  /**
   * The states each transaction wrote: an order's events usually arrive in one batch, and the
   * transaction's own writes are the newest state of those rows, so they need no reading back.
   */
  const written = new WeakMap<EntityManager, Map<string, State | undefined>>();
  const writtenIn = (tx: EntityManager) => {
    let states = written.get(tx);
    if (!states) {
      states = new Map();
      written.set(tx, states);
    }
    return states;
  };
  return {
    name: definition.name,
    eventTypes: definition.eventTypes,
    entities: [fold.entity],
    migrations: definition.migrations,
    fold: fold as unknown as RowFold<RevisionedRow, ObjectLiteral>,

    async apply(recorded: RecordedEvent, tx: EntityManager): Promise<void> {
      const event = decoded(fold, recorded);
      const { key } = event;
      const rows = tx.getRepository(fold.entity);
      const where = { [fold.key]: key } as Partial<Row>;
      const states = writtenIn(tx);
      let state: State | undefined;
      if (states.has(key)) state = states.get(key);
      else {
        const row = await rows.findOneBy(where);
        state = row ? fold.fromRow(row) : undefined;
      }
      const next = foldEvent(fold, state, event);
      if (next === state) return;
      if (next === undefined) await rows.delete(where);
      else if (state === undefined) await rows.insert(fold.toRow(next));
      else await rows.update(where, fold.toRow(next));
      states.set(key, next);
    },
  };
}

/** `toRow` and `fromRow` of a fold whose state is its row. */
export const stateIsRow = {
  toRow: <Row>(row: Row): Row => row,
  fromRow: <Row>(row: Row): Row => row,
};
