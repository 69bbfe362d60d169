import { Command } from '@nestjs/cqrs';
import type { Destination } from '@kios/fulfillment';
import type { RecordedInquiry } from '../inquiry/inquiry.decider';

/** DANA's Destination Inquiry (docs/dana-protocol.md §3.2): one product, one or more destinations. */
export type DestinationInquiryRequest = {
  productId: string;
  /** As DANA sent them, in DANA's order. */
  destinations: Destination[];
};

/**
 * The answer for one destination:
 * - valid: recorded under a fresh inquiryId that Create Order may use (docs/dana-protocol.md §3.2)
 * - product_not_found: not in the catalog, or no longer sold
 * - product_unavailable: listed but not available at the moment
 * - invalid_destination: the destination does not fit the product, or the supplier does not know it
 * - bill_already_paid / bill_not_available: a biller with nothing to pay
 * - supplier_unavailable: no answer from the supplier within the budget
 */
export type InquiryVerdict =
  | { status: 'valid'; inquiry: RecordedInquiry }
  | {
      status: 'product_not_found' | 'product_unavailable' | 'invalid_destination' | 'supplier_unavailable';
      reason: string;
    }
  | { status: 'bill_already_paid' | 'bill_not_available' };

export type InquiryAnswer = { destination: Destination } & InquiryVerdict;

/** Answered per destination, in the order DANA sent them. */
export class RecordDestinationInquiry extends Command<InquiryAnswer[]> {
  constructor(
    readonly inquiry: DestinationInquiryRequest,
    /** DANA's reqMsgId: the correlation id of the inquiries recorded. */
    readonly reqMsgId: string,
  ) {
    super();
  }
}
