import type { Decider } from '@kios/event-store';

/**
 * given/when/then for deciders: `given` past events, `when` a command, `then` the
 * events decided or the named error thrown.
 */
export const DeciderSpec = {
  for<C, E, S>(decider: Decider<C, E, S>) {
    return {
      given(events: E[]) {
        const state = events.reduce(decider.evolve, decider.initialState);
        return {
          when(command: C) {
            const run = () => decider.decide(command, state);
            return {
              then(expected: E[]) {
                expect(run()).toEqual(expected);
              },
              thenThrows(error: new (...args: never[]) => Error) {
                expect(run).toThrow(error);
              },
            };
          },
        };
      },
    };
  },
};
