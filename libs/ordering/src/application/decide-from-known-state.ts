import {
  type AggregateRepository,
  type AggregateState,
  ConcurrencyError,
  type DomainEvent,
  type EventMetadata,
  type EventStore,
  type JsonObject,
  type StateFold,
} from '@kios/event-store';

export type Decided<S> = AggregateState<S> & {
  /** How many events this call appended; 0 when the decision was "nothing new". */
  appended: number;
};

/**
 * Decides on a state the caller already holds (it just read or wrote the stream) and appends with
 * that revision, instead of reading the stream again. When another writer got in first the append
 * fails on its expected version, and the AggregateRepository re-reads and decides again: the same
 * guarantee, one read fewer on the hot path of Create Order.
 */
export async function decideFromKnownState<S, E extends DomainEvent>(
  store: EventStore,
  repository: AggregateRepository,
  stream: string,
  fold: StateFold<S, E>,
  known: AggregateState<S>,
  decide: (state: S) => E[],
  metadata: EventMetadata,
): Promise<Decided<S>> {
  const events = decide(known.state);
  if (events.length === 0) return { ...known, appended: 0 };
  try {
    const { nextExpectedRevision } = await store.append(
      stream,
      events.map((event) => ({ type: event.type, data: event.data as JsonObject, metadata })),
      known.revision ?? 'no_stream',
    );
    return {
      state: events.reduce((state, event) => fold.evolve(state, event), known.state),
      revision: nextExpectedRevision,
      appended: events.length,
    };
  } catch (error) {
    if (!(error instanceof ConcurrencyError)) throw error;
    const handled = await repository.handle(stream, fold, decide, metadata);
    return { state: handled.state, revision: handled.revision, appended: handled.newEvents.length };
  }
}
