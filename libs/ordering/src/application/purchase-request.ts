import { inquiryReferenceFor, type PurchaseRequest } from '@kios/fulfillment';
import type { InFlightOrder } from '../order/order.state';

/**
 * The purchase an order asks the supplier for, Create Order's first call and every follow-up alike:
 * its product, the destination and the reference stored in FulfilmentRequested. An order whose
 * reference is its inquiry's (the supplier inquired the bill under it at Destination Inquiry,
 * InquiryRecorded.supplierRef) says so, so the supplier pays that inquiry instead of inquiring again
 * (docs/digiflazz.md §5). The reference is stored; whether it is the inquiry's follows from it.
 */
export function purchaseRequestOf({ order, fulfilment }: InFlightOrder): PurchaseRequest {
  const paysItsInquiry =
    order.inquiryId !== undefined && fulfilment.supplierRef === inquiryReferenceFor(order.inquiryId);
  return {
    product: order.product!,
    destination: fulfilment.destination,
    supplierRef: fulfilment.supplierRef,
    ...(paysItsInquiry ? { billInquiredUnderRef: true } : {}),
  };
}
