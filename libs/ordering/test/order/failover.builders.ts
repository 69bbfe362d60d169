import { attemptReferenceFor, type OfferChoice } from '@kios/fulfillment';
import type {
  FulfilmentAttemptFailed,
  FulfilmentRequested,
  MarkInDoubt,
  RecordOutcome,
  Route,
} from '@kios/ordering';
import { fulfilmentRequested, orderPlaced, REQUEST_ID, secondsAfterT0 } from './order.builders';

export const DIGIFLAZZ: OfferChoice = { supplier: 'digiflazz', sku: 'TSEL10' };
export const IAK: OfferChoice = { supplier: 'iak', sku: 'HTELKOMSEL10000' };
export const SIMULATOR: OfferChoice = { supplier: 'simulator', sku: 'TSEL-10K' };
/** The cheapest first, as routing hands it over. */
export const ROUTE: Route = [DIGIFLAZZ, IAK, SIMULATOR];

export const refOf = (attempt: number): string => attemptReferenceFor(REQUEST_ID, attempt);
const iso = (seconds: number) => secondsAfterT0(seconds).toISOString();

/** Attempt `attempt` at `offer`, as PlaceOrder (the first) or a move to the next offer writes it. */
export function attemptRequested(attempt: number, offer: OfferChoice, at = 0): FulfilmentRequested {
  return fulfilmentRequested({
    supplierRef: refOf(attempt),
    requestedAt: iso(at),
    ...(attempt === 1 ? {} : { attempt }),
    supplier: offer.supplier,
    sku: offer.sku,
  });
}

export function attemptFailed(
  attempt: number,
  offer: OfferChoice | undefined,
  reason: string,
  nothingSent = false,
  at = 30,
): FulfilmentAttemptFailed {
  return {
    type: 'FulfilmentAttemptFailed',
    data: {
      requestId: REQUEST_ID,
      attempt,
      supplierRef: refOf(attempt),
      ...(offer ? { supplier: offer.supplier, sku: offer.sku } : {}),
      reason,
      nothingSent,
      failedAt: iso(at),
    },
  };
}

/** A failure kios recorded for an attempt, moving to the next one at `offer`. */
export const movedOn = (attempt: number, from: OfferChoice | undefined, to: OfferChoice, reason: string) => [
  attemptFailed(attempt, from, reason),
  attemptRequested(attempt + 1, to, 30),
];

/** Placed by a routed kios, at the cheapest offer. */
export const routedRequested = () => [orderPlaced(), attemptRequested(1, DIGIFLAZZ)];

export function routedFailure(reason: string, overrides: Partial<RecordOutcome['data']> = {}): RecordOutcome {
  return {
    type: 'RecordOutcome',
    data: {
      requestId: REQUEST_ID,
      outcome: { status: 'failed', reason },
      route: ROUTE,
      now: secondsAfterT0(30),
      ...overrides,
    },
  };
}

export function routedSuccess(overrides: Partial<RecordOutcome['data']> = {}): RecordOutcome {
  return {
    type: 'RecordOutcome',
    data: {
      requestId: REQUEST_ID,
      outcome: { status: 'succeeded', serialNumber: '0412345678901234' },
      route: ROUTE,
      now: secondsAfterT0(30),
      ...overrides,
    },
  };
}

export function refusedConnection(overrides: Partial<MarkInDoubt['data']> = {}): MarkInDoubt {
  return {
    type: 'MarkInDoubt',
    data: {
      requestId: REQUEST_ID,
      reason: 'could not reach Digiflazz: ECONNREFUSED',
      nothingSent: true,
      route: ROUTE,
      now: secondsAfterT0(30),
      ...overrides,
    },
  };
}
