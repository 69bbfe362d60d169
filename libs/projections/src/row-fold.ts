import type { DomainEvent, RecordedEvent } from '@kios/event-store';
import type { EntityManager, ObjectLiteral } from 'typeorm';
import { ProjectionApplyError } from './projection-apply-error';
import type { Projection } from './projection';
import type { ReadModelMigration } from './read-model.data-source';
import type { RevisionedRow } from './row-revision';
import { RowStatements } from './row-statements';
import { powerOfTwoChunks } from './statement-chunks';

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

/**
 * The projection a fold defines, as the live runner applies it: load the rows a batch's events
 * change (one query), fold every event in memory, write each changed row once (RowStatements).
 */
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
  const { fold, name } = definition;
  /**
   * The states each transaction wrote: the transaction's own writes are the newest state of those
   * rows, so a later batch of the same transaction needs no reading back.
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

  /** Folds `events` into the rows they change; `blame` turns a failure into one naming its event. */
  async function applyAll(
    events: readonly RecordedEvent[],
    tx: EntityManager,
    blame: (recorded: RecordedEvent, cause: unknown) => unknown,
  ): Promise<void> {
    const stored = writtenIn(tx);
    const changes = new Map<
      string,
      { before: State | undefined; after: State | undefined; last: RecordedEvent }
    >();
    const decodedEvents = events.map((recorded) => attempt(() => decoded(fold, recorded), recorded, blame));
    await loadInto(stored, tx, [...new Set(decodedEvents.map(({ key }) => key))], events[0], blame);
    for (const event of decodedEvents) {
      const change = changes.get(event.key) ?? {
        before: stored.get(event.key),
        after: stored.get(event.key),
        last: event.recorded,
      };
      change.after = attempt(() => foldEvent(fold, change.after, event), event.recorded, blame);
      change.last = event.recorded;
      changes.set(event.key, change);
    }
    const rows = RowStatements.of(tx, fold.entity, fold.key);
    const inserts: { row: Row; last: RecordedEvent }[] = [];
    for (const [key, { before, after, last }] of changes) {
      if (after === before) continue;
      if (after === undefined) await attempt(() => rows.delete(tx, key), last, blame);
      else if (before === undefined) inserts.push({ row: fold.toRow(after), last });
      else await attempt(() => rows.update(tx, key, fold.toRow(after)), last, blame);
      stored.set(key, after);
    }
    for (const chunk of powerOfTwoChunks(inserts, INSERT_CHUNK)) {
      await attempt(
        () =>
          rows.insert(
            tx,
            chunk.map(({ row }) => row),
          ),
        chunk[chunk.length - 1].last,
        blame,
      );
    }
  }

  /** Reads into `stored` the rows of `keys` it does not hold yet (undefined: no row). */
  async function loadInto(
    stored: Map<string, State | undefined>,
    tx: EntityManager,
    keys: string[],
    first: RecordedEvent,
    blame: (recorded: RecordedEvent, cause: unknown) => unknown,
  ): Promise<void> {
    const missing = keys.filter((key) => !stored.has(key));
    const rows = RowStatements.of(tx, fold.entity, fold.key);
    for (const chunk of powerOfTwoChunks(missing, LOAD_CHUNK)) {
      const found = await attempt(() => rows.load(tx, chunk), first, blame);
      for (const key of chunk) stored.set(key, undefined);
      for (const row of found) stored.set(String(row[fold.key]), fold.fromRow(row));
    }
  }

  return {
    name,
    eventTypes: definition.eventTypes,
    entities: [fold.entity],
    migrations: definition.migrations,
    fold: fold as unknown as RowFold<RevisionedRow, ObjectLiteral>,
    apply: (recorded, tx) => applyAll([recorded], tx, (_, cause) => cause),
    applyBatch: (events, tx) =>
      applyAll(events, tx, (recorded, cause) => new ProjectionApplyError(name, recorded, cause)),
  };
}

/**
 * Most keys read in one query, and most rows inserted in one statement (bound parameters stay far
 * below every driver's limit); powers of two, see powerOfTwoChunks.
 */
const LOAD_CHUNK = 512;
const INSERT_CHUNK = 64;

/** `step`'s result, its failure (thrown, or the rejection of the promise it returns) turned by `blame` into one naming `recorded`. */
function attempt<T>(
  step: () => T,
  recorded: RecordedEvent,
  blame: (recorded: RecordedEvent, cause: unknown) => unknown,
): T {
  try {
    const result = step();
    if (!(result instanceof Promise)) return result;
    return result.catch((cause: unknown) => {
      throw blame(recorded, cause);
    }) as T;
  } catch (cause) {
    throw blame(recorded, cause);
  }
}

/** `toRow` and `fromRow` of a fold whose state is its row. */
export const stateIsRow = {
  toRow: <Row>(row: Row): Row => row,
  fromRow: <Row>(row: Row): Row => row,
};
