import { destinationText } from './order-state-format';

/**
 * Only the last 4 characters of a number stay readable: enough for a support engineer or an
 * auditor to match a customer's report, too little to reach the customer. Logs mask phone and card
 * numbers in free text with it (apps/kios/src/observability/logging/log-masking.ts); order lists
 * mask destinations with it.
 */
export function keepLastFour(text: string): string {
  return '*'.repeat(Math.max(0, text.length - 4)) + text.slice(-4);
}

/**
 * A destination as a list shows it: the number or account masked to its last 4 characters, a
 * game's zone (not personal) as it is. The order's own page shows it in full.
 */
export function maskDestination(destination: { primaryParam: string; secondaryParam?: string }): string {
  return destinationText({ ...destination, primaryParam: keepLastFour(destination.primaryParam) });
}
