import type { ProductState } from '@kios/catalog';
import {
  checkDestination,
  type AccountOutcome,
  type AccountRequest,
  type Destination,
} from '@kios/fulfillment';
import type { DeadlineOutcome } from '../application/supplier-deadline';
import type { UserValidationVerdict } from './user-validation.decider';

/** What User Validate does first: answer at once, or ask the supplier about the account. */
export type UserValidationStep = { answer: UserValidationVerdict } | { ask: AccountRequest };

/** The last four characters of an account, all a message (or a log line) needs to name it. */
export function accountEnding(primaryParam: string): string {
  return `…${primaryParam.slice(-4)}`;
}

/**
 * Before the supplier is asked (docs/dana-protocol.md §3.7): the product must be on sale — an unknown, delisted
 * or unavailable product gets Destination Inquiry's answer, in its words — and the destination must
 * fit it; then the supplier is asked about the destination in canonical form (see checkDestination).
 */
export function beforeAccountCheck(
  productId: string,
  product: ProductState,
  destination: Destination,
): UserValidationStep {
  if (product.status === 'unlisted') {
    return { answer: { status: 'product_not_found', reason: `product ${productId} is not in the catalog` } };
  }
  if (product.status === 'delisted') {
    return { answer: { status: 'product_not_found', reason: `product ${productId} is no longer sold` } };
  }
  if (!product.product.available) {
    return {
      answer: {
        status: 'product_unavailable',
        reason: `product ${productId} is not available at the moment`,
      },
    };
  }
  const check = checkDestination(product.product, destination);
  if (!check.ok) return { answer: { status: 'invalid_destination', reason: check.reason } };
  return { ask: { product: product.product, destination: check.destination } };
}

/**
 * What the supplier's account check means for DANA. No answer in time is not a verdict on the account:
 * DANA is told the supplier is unavailable, and nothing is recorded.
 */
export function afterAccountCheck(
  request: AccountRequest,
  answer: DeadlineOutcome<AccountOutcome>,
): UserValidationVerdict {
  if (!answer.answered) return { status: 'supplier_unavailable', reason: answer.reason };
  const account = accountEnding(request.destination.primaryParam);
  const outcome = answer.value;
  switch (outcome.status) {
    case 'active':
      return outcome.customerName === undefined
        ? { status: 'valid' }
        : { status: 'valid', customerName: outcome.customerName };
    case 'inactive':
      return { status: 'inactive', reason: `account ${account} is inactive` };
    case 'unknown':
      return { status: 'unknown', reason: `account ${account} is unknown to the supplier` };
  }
}
