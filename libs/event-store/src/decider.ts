/**
 * A decider is the domain of one aggregate (docs/architecture.md §1, rule 3): pure functions,
 * no I/O, time and ids passed in with the command.
 */
export interface Decider<Command, Event, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState: State;
}

/** A domain event as deciders see it: a type and a JSON payload. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
}
