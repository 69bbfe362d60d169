/**
 * What a purchase comes to, by its customer_no:
 * - with `testing: true`, Digiflazz's sandbox numbers (its buyer "Test Case" page);
 * - otherwise kios's own suffix table, the last three digits (libs/fulfillment/src/simulator/scenario.ts,
 *   docs/architecture.md §7), so a demo against supplier-sim plays the same paths as kios's simulator.
 */
export type Scenario =
  | 'success'
  | 'failure'
  | 'invalid_destination'
  | 'pending_then_success'
  | 'pending_then_failure'
  /** Succeeds at once but answers only after the slow-answer delay, past the buyer's timeout. */
  | 'slow_then_success'
  /** Postpaid inquiry: the bill is paid already (rc 60 in the biller's words, as kios's simulator has …996). */
  | 'bill_already_paid';

export const SANDBOX_NUMBERS: Readonly<Record<string, Scenario>> = {
  '087800001230': 'success',
  '087800001232': 'failure',
  '087800001233': 'pending_then_success',
  '087800001234': 'pending_then_failure',
};

export const SUFFIX_SCENARIOS: Readonly<Record<string, Scenario>> = {
  '990': 'invalid_destination',
  '991': 'failure',
  '992': 'pending_then_success',
  '993': 'pending_then_failure',
  '994': 'slow_then_success',
  '996': 'bill_already_paid',
};

export function scenarioOf(customerNo: string, testing: boolean): Scenario {
  if (testing && SANDBOX_NUMBERS[customerNo]) return SANDBOX_NUMBERS[customerNo];
  return SUFFIX_SCENARIOS[customerNo.slice(-3)] ?? 'success';
}
