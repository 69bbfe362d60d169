import type { Money } from '@kios/dana-protocol';
import { attemptReferenceFor, type FinalPurchaseOutcome, type OfferChoice } from '@kios/fulfillment';
import { instantData, optional } from '../event-data';
import type { Route } from './order.commands';
import { OutcomeOfAnotherAttempt } from './order.errors';
import type { FulfilmentAttemptFailed, FulfilmentRequested, OrderEvent } from './order.events';
import { attemptOf, type Fulfilment, type InFlightOrder, type PlacedOrder } from './order.state';

/**
 * When an order leaves its supplier for the next offer (docs/architecture.md §4 step 4, failover).
 * Only two answers end an attempt: the supplier's final failure of the transaction, or a connection
 * refused on the attempt's first call (nothing was sent). Everything else — pending, in doubt,
 * not found — keeps the order with that supplier and reference until it is final, because the
 * purchase may still happen there and a second supplier would make two. A bill is paid where it was
 * inquired, so it never moves. Each supplier is tried once per order.
 */

/** Why the current attempt ended, as FulfilmentAttemptFailed records it. */
export type AttemptEnd = { reason: string; nothingSent: boolean };

/**
 * A bill was inquired at one supplier and is paid there. Its bill amounts say so, not its inquiryId:
 * an order of any product records the inquiry DANA named.
 */
function paysABill(order: PlacedOrder): boolean {
  return order.billAmounts !== undefined || order.product?.pricing === 'bill';
}

function triedSuppliers(fulfilment: Fulfilment): Set<string> {
  const offers = [fulfilment.offer, ...(fulfilment.failedAttempts ?? []).map((failed) => failed.offer)];
  return new Set(offers.flatMap((offer) => (offer ? [offer.supplier] : [])));
}

/** The offer the order would move to, if the current attempt ended now; none: the order's outcome is this attempt's. */
export function nextOffer(state: InFlightOrder, route: Route | undefined): OfferChoice | undefined {
  if (route === undefined || paysABill(state.order)) return undefined;
  const tried = triedSuppliers(state.fulfilment);
  return route.find((offer) => !tried.has(offer.supplier));
}

/** The current attempt's end, then the next attempt under its own reference, in one append. */
export function moveToNextOffer(
  state: InFlightOrder,
  next: OfferChoice,
  end: AttemptEnd,
  now: Date,
): OrderEvent[] {
  const { fulfilment, order } = state;
  const attempt = attemptOf(fulfilment);
  const at = instantData(now);
  const failed: FulfilmentAttemptFailed = {
    type: 'FulfilmentAttemptFailed',
    data: {
      requestId: order.requestId,
      attempt,
      supplierRef: fulfilment.supplierRef,
      ...optional('supplier', fulfilment.offer?.supplier),
      ...optional('sku', fulfilment.offer?.sku),
      reason: end.reason,
      nothingSent: end.nothingSent,
      failedAt: at,
    },
  };
  const requested: FulfilmentRequested = {
    type: 'FulfilmentRequested',
    data: {
      requestId: order.requestId,
      supplierRef: attemptReferenceFor(order.requestId, attempt + 1),
      destination: { ...fulfilment.destination },
      requestedAt: at,
      attempt: attempt + 1,
      supplier: next.supplier,
      sku: next.sku,
    },
  };
  return [failed, requested];
}

/**
 * The reason an order failed for, naming each supplier tried when it went to more than one, so an
 * operator (and DANA's failure message) sees the whole route: "digiflazz: rc 44 …; iak: rc 14 …".
 */
export function routedFailureReason(fulfilment: Fulfilment, lastReason: string): string {
  const earlier = fulfilment.failedAttempts ?? [];
  if (earlier.length === 0) return lastReason;
  const named = (offer: OfferChoice | undefined, reason: string) =>
    offer ? `${offer.supplier}: ${reason}` : reason;
  return [
    ...earlier.map((failed) => named(failed.offer, failed.reason)),
    named(fulfilment.offer, lastReason),
  ].join('; ');
}

/**
 * Whether a supplier's final answer is the current attempt's to record (a caller naming no reference
 * speaks of the current one). About an earlier attempt that failed for good, a failure is old news
 * (false); anything else is refused: a success there would be a second purchase, and a reference the
 * order never sent is no news of it.
 */
export function isAboutCurrentAttempt(
  fulfilment: Fulfilment | undefined,
  news: { requestId: string; supplierRef?: string; outcome: FinalPurchaseOutcome },
): boolean {
  const { supplierRef, outcome, requestId } = news;
  if (supplierRef === undefined || fulfilment === undefined || supplierRef === fulfilment.supplierRef)
    return true;
  const earlier = (fulfilment.failedAttempts ?? []).some((failed) => failed.supplierRef === supplierRef);
  if (earlier && outcome.status === 'failed') return false;
  throw new OutcomeOfAnotherAttempt(requestId, supplierRef, outcome.status);
}

/**
 * Why a success's cost breaks a bound kios set itself, or undefined: above the maxCost of the offer
 * the attempt bought (the catalog's, as the order's product snapshot has it), or above DANA's price
 * (sold at a loss). Recorded with the success, which stands: the purchase was made.
 */
export function costBreach(state: InFlightOrder, cost: Money | undefined): string | undefined {
  if (cost === undefined) return undefined;
  const { offer } = state.fulfilment;
  const bought =
    offer && state.order.product?.offers.find((o) => o.supplier === offer.supplier && o.sku === offer.sku);
  if (bought?.maxCost !== undefined && cost.minor > bought.maxCost.minor) {
    return `cost ${cost.minor} is above maxCost ${bought.maxCost.minor} (minor units)`;
  }
  if (cost.minor > state.order.price.minor) {
    return `cost ${cost.minor} is above DANA's price ${state.order.price.minor} (minor units)`;
  }
  return undefined;
}
