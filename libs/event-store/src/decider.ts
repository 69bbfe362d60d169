import type { EventDecoder } from './event-decoder';

/**
 * A decider is the domain of one aggregate (docs/architecture.md §1, rule 3): pure functions,
 * no I/O, time and ids passed in with the command.
 */
export interface Decider<Command, Event, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState: State;
}

/** A decider whose events are stored: `decode` reads them back, checked (event-decoder.ts). */
export type EventSourcedDecider<C, E extends DomainEvent, S> = Decider<C, E, S> & { decode: EventDecoder<E> };

/** A domain event as deciders see it: a type and a JSON payload. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
}
