import { ConcurrencyError } from './concurrency.error';
import type { Decider, DomainEvent } from './decider';
import type { EventDecoder } from './event-decoder';
import type { AppendResult, EventMetadata, EventStore, JsonObject, RecordedEvent } from './event-store.port';

/**
 * The half of a decider that rebuilds state from events, and the decoder that reads its stream's
 * stored events as its domain events (throwing UnreadableEvent before the fold sees a bad one).
 */
export type StateFold<S, E extends DomainEvent> = Pick<Decider<unknown, E, S>, 'evolve' | 'initialState'> & {
  decode: EventDecoder<E>;
};

export interface AggregateState<S> {
  state: S;
  /** Revision of the stream's last event; undefined when the stream does not exist yet. */
  revision: bigint | undefined;
}

export interface HandledCommand<S> extends AggregateState<S> {
  /** What this call appended, as stored; empty when the decision was "nothing new". */
  newEvents: RecordedEvent[];
}

/** The stream after `decideFromKnownState`. */
export type Decided<S> = AggregateState<S> & {
  /** How many events this call appended; 0 when the decision was "nothing new". */
  appended: number;
};

/**
 * The one read → fold → decide → append loop every aggregate uses, so command handlers stay thin
 * adapters. Appending with the revision it read makes a concurrent writer lose with a
 * ConcurrencyError; the loser re-reads and decides again against the winner's events.
 */
export class AggregateRepository {
  constructor(
    private readonly store: EventStore,
    private readonly maxAttempts = 3,
  ) {}

  async load<S, E extends DomainEvent>(stream: string, fold: StateFold<S, E>): Promise<AggregateState<S>> {
    const events = await this.store.readStream(stream);
    const state = events.reduce(
      (current, event) => fold.evolve(current, fold.decode(event)),
      fold.initialState,
    );
    return { state, revision: events[events.length - 1]?.revision };
  }

  /**
   * `known` brought up to the end of its stream by reading only the events after its revision —
   * none, normally — instead of the whole stream: a state kept between commands (a product's) is
   * confirmed current at each use, whoever appended to the stream meanwhile.
   */
  async catchUp<S, E extends DomainEvent>(
    stream: string,
    fold: StateFold<S, E>,
    known: AggregateState<S>,
  ): Promise<AggregateState<S>> {
    if (known.revision === undefined) return this.load(stream, fold);
    const events = await this.store.readStream(stream, { fromRevision: known.revision + 1n });
    if (events.length === 0) return known;
    return {
      state: events.reduce((current, event) => fold.evolve(current, fold.decode(event)), known.state),
      revision: events[events.length - 1].revision,
    };
  }

  /**
   * Event payloads must be JSON (money as digit strings, time as text); `metadata` goes on every new event.
   * Domain errors thrown by `decide` pass through untouched.
   */
  async handle<S, E extends DomainEvent>(
    stream: string,
    fold: StateFold<S, E>,
    decide: (state: S, revision: bigint | undefined) => E[],
    metadata: EventMetadata,
  ): Promise<HandledCommand<S>> {
    for (let attempt = 1; ; attempt += 1) {
      const { state, revision } = await this.load(stream, fold);
      const decided = decide(state, revision);
      if (decided.length === 0) return { state, revision, newEvents: [] };
      let appendedUpTo: bigint;
      try {
        appendedUpTo = (await this.append(stream, fold.decode, decided, metadata, revision))
          .nextExpectedRevision;
      } catch (error) {
        if (error instanceof ConcurrencyError && attempt < this.maxAttempts) continue;
        throw error;
      }
      const newEvents = await this.store.readStream(stream, {
        fromRevision: appendedUpTo - BigInt(decided.length - 1),
        maxCount: decided.length,
      });
      const next = decided.reduce((current, event) => fold.evolve(current, event), state);
      return { state: next, revision: appendedUpTo, newEvents };
    }
  }

  /**
   * Decides on a state the caller already holds (it just read or wrote the stream) and appends with
   * that revision, instead of reading the stream again. When another writer got in first the append
   * fails on its expected version, and `handle` re-reads and decides again: the same guarantee, one
   * read fewer on a hot path.
   */
  async decideFromKnownState<S, E extends DomainEvent>(
    stream: string,
    fold: StateFold<S, E>,
    known: AggregateState<S>,
    decide: (state: S) => E[],
    metadata: EventMetadata,
  ): Promise<Decided<S>> {
    const events = decide(known.state);
    if (events.length === 0) return { ...known, appended: 0 };
    try {
      const { nextExpectedRevision } = await this.append(
        stream,
        fold.decode,
        events,
        metadata,
        known.revision,
      );
      return {
        state: events.reduce((state, event) => fold.evolve(state, event), known.state),
        revision: nextExpectedRevision,
        appended: events.length,
      };
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      const handled = await this.handle(stream, fold, decide, metadata);
      return { state: handled.state, revision: handled.revision, appended: handled.newEvents.length };
    }
  }

  /**
   * Appends `events` where the stream was at `revision` (undefined: it did not exist). Each event's
   * `schemaVersion` is the one its decoder reads as current, so what is written is what is read back.
   */
  private append<E extends DomainEvent>(
    stream: string,
    decode: EventDecoder<E>,
    events: E[],
    metadata: EventMetadata,
    revision: bigint | undefined,
  ): Promise<AppendResult> {
    return this.store.append(
      stream,
      events.map((event) => ({
        type: event.type,
        data: event.data as JsonObject,
        metadata: { ...metadata, schemaVersion: decode.schemaVersionOf(event.type) },
      })),
      revision ?? 'no_stream',
    );
  }
}
