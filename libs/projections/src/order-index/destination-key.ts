import { type Destination, normalisePhoneNumber } from '@kios/fulfillment';

/**
 * The text a destination search matches: an Indonesian mobile number in the one form kios stores
 * (`08…`, whether written `+628…`, `628…` or with spaces and dashes), any other number or account
 * with its spaces, dashes, dots and slashes dropped and letters in lower case. The index stores the
 * key of the order's primaryParam and a search looks up the key of what it was given, so
 * `+62 812-3456-7890` finds the order DANA sent as `081234567890`.
 */
export function destinationSearchKey(destination: Destination | string): string {
  const text = typeof destination === 'string' ? destination : destination.primaryParam;
  const compact = text.trim().replace(/[\s\-./]/g, '');
  return normalisePhoneNumber(compact) ?? compact.toLowerCase();
}
