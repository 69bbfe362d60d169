import type { Product } from '@kios/catalog';
import type { Money } from '@kios/dana-protocol';
import type { BillAmounts } from './bill';
import type { Destination } from './destination';

/** An open bill found by an inquiry. */
export type Bill = BillAmounts & {
  dueDate: Date;
  /** The first instant of each billing month the bill covers, oldest first. */
  periods: Date[];
};

/** What a supplier is asked about: a product for a destination. */
export type ProductForDestination = {
  product: Product;
  /** Already in canonical form (see checkDestination). */
  destination: Destination;
};

export type InquiryRequest = ProductForDestination & {
  /**
   * The reference to inquire a bill under (inquiryReferenceFor the inquiryId), for a supplier that
   * pays only a reference it inquired (Digiflazz's `inq-pasca` ref_id, docs/digiflazz.md §5). A
   * supplier that inquires without one ignores it.
   */
  supplierRef?: string;
};

/**
 * - valid: the destination exists; `bill` for bill-priced products, `customerName` for the
 *   account holder (billers), `nickname` for a game account
 * - invalid_destination: no such number / meter / customer / account (docs/dana-protocol.md §4.5 code 20)
 * - bill_already_paid: nothing left to pay (code 27)
 * - bill_not_available: the biller has no bill for this customer now (code 26)
 */
export type InquiryOutcome =
  | {
      status: 'valid';
      bill?: Bill;
      customerName?: string;
      nickname?: string;
      /**
       * The request's supplierRef, when the supplier inquired the bill under it: the bill must be paid
       * under that reference (PurchaseRequest.billInquiredUnderRef). Absent: nothing was inquired
       * under a reference, and a purchase takes the order's own.
       */
      supplierRef?: string;
    }
  | { status: 'invalid_destination'; reason: string }
  | { status: 'bill_already_paid' }
  | { status: 'bill_not_available' };

/**
 * Which of the product's catalog offers a purchase buys: a supplier (`offers[].supplier`) and its sku.
 * A routed kios names one on every attempt (libs/fulfillment/src/routing); a kios with one supplier
 * names none and its adapter picks from the product's offers as it always did.
 */
export type OfferChoice = { supplier: string; sku: string };

export type PurchaseRequest = ProductForDestination & {
  /** The offer this attempt buys; absent: the one configured supplier's own pick. */
  offer?: OfferChoice;
  /**
   * Stored with the order before the call: derived from DANA's requestId (supplierReferenceFor), or,
   * for a bill inquired under a reference, that reference (InquiryOutcome.supplierRef).
   */
  supplierRef: string;
  /**
   * The supplier inquired this bill under `supplierRef` at Destination Inquiry: pay it without
   * inquiring again (docs/digiflazz.md §5). Absent or false: nothing was inquired under it.
   */
  billInquiredUnderRef?: boolean;
  /**
   * The order's last answer from the supplier under `supplierRef` was pending, stored at this
   * instant: a status check limited to one per interval counts from it, even in a process that did
   * not ask itself (the worker process, another replica).
   */
  answeredPendingAt?: Date;
};

/** What a supplier hands back for a purchase: a serial number, plus a token or voucher code for such products. */
export type Receipt = {
  serialNumber: string;
  token?: string;
  /** What the supplier charged for this purchase, as its answer says (minor units); absent when it says nothing usable. */
  cost?: Money;
};

/**
 * The supplier gave no usable answer (a timeout, a 5xx, a body that does not parse, a code the
 * adapter does not map): the purchase may exist or not. `reason` says what made the answer
 * unusable. Never a failure: only a status check under the same reference can tell.
 */
export type InDoubt = {
  status: 'in_doubt';
  reason: string;
  /**
   * The connection was refused: not one byte of the request reached the supplier. Only the first call
   * under a reference can make that the attempt's end (docs/architecture.md §4 step 4, failover); a
   * refused repeat tells nothing of what an earlier call under the reference did.
   */
  nothingSent?: true;
};

/**
 * What a purchase, or a status check of one, comes to:
 * - succeeded: delivered, with the receipt
 * - failed: final; the supplier says it will not deliver
 * - pending: accepted; the final outcome comes later through checkStatus
 * - in_doubt: no usable answer (see InDoubt)
 */
export type PurchaseOutcome =
  | ({ status: 'succeeded' } & Receipt)
  | { status: 'failed'; reason: string }
  | { status: 'pending' }
  | InDoubt;

/** How a purchase ended. */
export type FinalPurchaseOutcome = Extract<PurchaseOutcome, { status: 'succeeded' | 'failed' }>;

/**
 * `not_found`: the supplier answered that it has no transaction with that reference, so it never
 * bought anything for it; buying again under that same reference cannot buy twice. Not to be
 * confused with in_doubt, where the supplier's answer tells nothing.
 */
export type NotFound = { status: 'not_found' };

export type StatusOutcome = PurchaseOutcome | NotFound;

/** User Validate (docs/dana-protocol.md §3.7): is this account known to the supplier and active? */
export type AccountRequest = ProductForDestination;

/**
 * - active: the account exists and can be used; `customerName` is its holder (a game account's
 *   nickname) where the supplier knows it
 * - inactive: the account exists but cannot be used now (closed, blocked, lapsed)
 * - unknown: the supplier has no such account
 */
export type AccountOutcome =
  { status: 'active'; customerName?: string } | { status: 'inactive' } | { status: 'unknown' };

/**
 * An upstream supplier of digital goods. Every purchase is keyed by `supplierRef`: repeating
 * `purchase` or `checkStatus` with the same reference never buys twice; a repeated purchase
 * answers with that purchase's current outcome. An adapter answers in_doubt when the supplier's
 * answer is unusable (its own timeout, a 5xx, garbage, an unmapped code) and never turns one into
 * `failed`. A call that does not answer in time is the caller's concern too: it races the call
 * against its deadline, takes no answer as in_doubt, and then asks checkStatus with the same
 * reference (docs/architecture.md §4 steps 3–4).
 */
export interface Supplier {
  inquire(request: InquiryRequest): Promise<InquiryOutcome>;
  purchase(request: PurchaseRequest): Promise<PurchaseOutcome>;
  /**
   * The current outcome of the purchase under `request.supplierRef`. It is given the whole
   * purchase request, not the reference alone: a supplier may check a transaction only by repeating
   * its request (Digiflazz sends the same `/v1/transaction` body again, sku and customer_no
   * included). Never a purchase under another reference.
   */
  checkStatus(request: PurchaseRequest): Promise<StatusOutcome>;
  /** Whether an account-bound product's account is known and active; buys nothing. */
  checkAccount(request: AccountRequest): Promise<AccountOutcome>;
}

export const SUPPLIER = Symbol('SUPPLIER');
