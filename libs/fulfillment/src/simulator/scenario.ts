/** The simulator's behaviour for a destination, by the last three digits of primaryParam (docs/architecture.md §7). */
export type SimulatorScenario =
  | 'invalid_destination'
  | 'rejected'
  | 'pending_then_success'
  | 'pending_then_failure'
  | 'timeout_then_success'
  | 'bill_already_paid'
  | 'success';

const SCENARIO_BY_ENDING: Readonly<Record<string, SimulatorScenario>> = {
  '990': 'invalid_destination',
  '991': 'rejected',
  '992': 'pending_then_success',
  '993': 'pending_then_failure',
  '994': 'timeout_then_success',
  '996': 'bill_already_paid',
};

/** `…997` and `…998` are taken by User Validate's inactive and unknown accounts (see simulatedAccountStatus). */
export function scenarioOf(primaryParam: string): SimulatorScenario {
  return SCENARIO_BY_ENDING[primaryParam.slice(-3)] ?? 'success';
}
