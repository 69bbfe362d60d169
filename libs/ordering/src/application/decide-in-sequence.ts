import type { Decider } from '@kios/event-store';

/** Several commands decided one after the other, each against the state the previous one's events left. */
export function decideInSequence<C, E, S>(decider: Decider<C, E, S>, commands: C[], state: S): E[] {
  const events: E[] = [];
  let current = state;
  for (const command of commands) {
    const decided = decider.decide(command, current);
    events.push(...decided);
    current = decided.reduce(decider.evolve, current);
  }
  return events;
}
