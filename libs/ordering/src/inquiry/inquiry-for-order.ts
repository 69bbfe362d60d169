import type { Money } from '@kios/dana-protocol';
import { sameDestination, type Destination } from '@kios/fulfillment';
import { inquiryUsability, type InquiryState, type RecordedInquiry } from './inquiry.decider';

/** Whether a Create Order may use an inquiry; `ok` carries the inquiry whose amounts the order keeps. */
export type InquiryCheck = { ok: true; inquiry: RecordedInquiry } | { ok: false; reason: string };

export type OrderUsingInquiry = {
  inquiryId: string;
  /** DANA's requestId of the order. */
  requestId: string;
  productId: string;
  /** Canonical form (see checkDestination). */
  destination: Destination;
  /** danaSellingPrice. */
  amount: Money;
  now: Date;
};

const describe = (destination: Destination): string =>
  destination.secondaryParam === undefined
    ? destination.primaryParam
    : `${destination.primaryParam} (zone ${destination.secondaryParam})`;

/**
 * Create Order's inquiry rules for bill-priced products (docs/architecture.md §4 step 2): the inquiry
 * exists, is for the same product and destination, its total is what DANA charged, it has not
 * expired, and no other order used it. The same order asking again is fine (DANA retries).
 */
export function checkInquiryForOrder(state: InquiryState, order: OrderUsingInquiry): InquiryCheck {
  const fail = (reason: string): InquiryCheck => ({ ok: false, reason });
  const usability = inquiryUsability(state, order);
  if (!usability.usable) return fail(usability.refusal.message);
  const { inquiry } = usability;
  if (inquiry.productId !== order.productId) {
    return fail(`inquiry ${inquiry.inquiryId} was for product ${inquiry.productId}, not ${order.productId}`);
  }
  if (!sameDestination(inquiry.destination, order.destination)) {
    return fail(
      `inquiry ${inquiry.inquiryId} was for destination ${describe(inquiry.destination)}, ` +
        `not ${describe(order.destination)}`,
    );
  }
  if (inquiry.totalAmount.minor !== order.amount.minor) {
    return fail(
      `danaSellingPrice ${order.amount.minor} does not match the inquiry total ${inquiry.totalAmount.minor}`,
    );
  }
  return { ok: true, inquiry };
}
