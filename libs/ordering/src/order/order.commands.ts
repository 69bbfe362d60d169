import type { ProductState } from '@kios/catalog';
import type { Money } from '@kios/dana-protocol';
import type { Destination, DestinationCheck, FinalPurchaseOutcome, OfferChoice } from '@kios/fulfillment';
import type { InquiryCheck } from '../inquiry/inquiry-for-order';

/**
 * Create Order. The handler gathers what the decision needs and passes it in, so deciding stays
 * pure: the product's catalog state, the destination check, the inquiry DANA named in extendInfo
 * (with its check, for a bill-priced product), a fresh orderId and the instant.
 */
export type PlaceOrder = {
  type: 'PlaceOrder';
  data: {
    requestId: string;
    orderId: string;
    productId: string;
    product: ProductState;
    /** As DANA sent it. */
    destination: Destination;
    destinationCheck: DestinationCheck;
    danaSellingPrice: Money;
    /**
     * The inquiry DANA named in extendInfo.inquiryId, whatever the product: the order records it, so
     * its history shows the inquiry. `check`: for a bill-priced product, whether that inquiry prices
     * the order (it is absent for other products, which are priced by the catalog).
     */
    inquiry?: { inquiryId: string; check?: InquiryCheck };
    /** The offers a routed kios would buy from now, best first (Route); absent: one supplier, no routing. */
    route?: Route;
    now: Date;
  };
};

/**
 * The offers a routed kios would buy the product from at this instant, best first (by cost and the
 * suppliers' health: libs/fulfillment/src/routing). Handed to every decision that may start an
 * attempt, so the decider stays pure; an empty route: no supplier can sell it now.
 */
export type Route = readonly OfferChoice[];

/** The supplier's final answer, from the Create Order call or a later status check. */
export type RecordOutcome = {
  type: 'RecordOutcome';
  data: {
    requestId: string;
    outcome: FinalPurchaseOutcome;
    /** The reference the outcome is about; absent: the current attempt's (the caller just asked under it). */
    supplierRef?: string;
    /** Where a failure may move the order next; absent: nowhere, the failure is the order's. */
    route?: Route;
    now: Date;
  };
};

/** kios is answering DANA PENDING (the supplier said pending, or did not answer within the deadline). */
export type MarkPending = { type: 'MarkPending'; data: { requestId: string; now: Date } };

/** The supplier call ended without an answer: it may have bought. */
export type MarkInDoubt = {
  type: 'MarkInDoubt';
  data: {
    requestId: string;
    reason: string;
    /**
     * The attempt's first call was refused before anything reached the supplier (InDoubt.nothingSent):
     * only the caller that made that first call may say so. With a `route`, the order moves on.
     */
    nothingSent?: boolean;
    route?: Route;
    now: Date;
  };
};

/** The follow-up gave up waiting for the supplier's final answer: an operator must look (no outcome is guessed). */
export type FlagForOperator = {
  type: 'FlagForOperator';
  data: { requestId: string; reason: string; now: Date };
};

/** Callback attempt number `attempt` (1-based) was not accepted by DANA. */
export type RecordCallbackAttempt = {
  type: 'RecordCallbackAttempt';
  data: { requestId: string; attempt: number; reason: string; nextAttemptAt?: Date; now: Date };
};

export type RecordCallbackDelivered = {
  type: 'RecordCallbackDelivered';
  data: { requestId: string; attempt: number; now: Date };
};

/** Stop retrying: DANA refused the callback (`F`), or retries ran out. */
export type AbandonCallback = {
  type: 'AbandonCallback';
  data: { requestId: string; reason: string; now: Date };
};

/** An operator sends an abandoned callback again; `requestedBy` names them for the audit trail. */
export type RequestCallbackRetry = {
  type: 'RequestCallbackRetry';
  data: { requestId: string; requestedBy: string; now: Date };
};

/**
 * An operator settles an order kios will not decide alone (docs/digiflazz.md §10): `outcome` is what
 * the supplier's own records show, `evidence` where the operator read it (a statement line, a
 * ticket), `settledBy` who decided, for the audit trail.
 */
export type SettleByOperator = {
  type: 'SettleByOperator';
  data: {
    requestId: string;
    settledBy: string;
    outcome: FinalPurchaseOutcome;
    evidence: string;
    now: Date;
  };
};

/**
 * The supplier reports a failure (`rc`, `message`) for an order kios already finished as SUCCESS:
 * recorded as a reversal, never as a change of the final status (docs/digiflazz.md §6).
 */
export type ReverseFulfilment = {
  type: 'ReverseFulfilment';
  data: { requestId: string; rc: string; message: string; now: Date };
};

export type OrderCommand =
  | PlaceOrder
  | RecordOutcome
  | MarkPending
  | MarkInDoubt
  | FlagForOperator
  | RecordCallbackAttempt
  | RecordCallbackDelivered
  | AbandonCallback
  | RequestCallbackRetry
  | ReverseFulfilment
  | SettleByOperator;
