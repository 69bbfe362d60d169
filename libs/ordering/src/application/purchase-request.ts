import { inquiryReferenceFor, type PurchaseRequest } from '@kios/fulfillment';
import type { InFlightOrder, OrderState } from '../order/order.state';

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
    // The offer a routed kios chose for this attempt: every call of the attempt goes to its supplier.
    ...(fulfilment.offer ? { offer: { ...fulfilment.offer } } : {}),
    ...(paysItsInquiry ? { billInquiredUnderRef: true } : {}),
  };
}

/**
 * A status check's request, with when the order stored the supplier's pending answer when it is
 * pending (PurchaseRequest.answeredPendingAt): the process checking may not be the one that asked.
 */
export function withAnsweredPendingAt(request: PurchaseRequest, state: OrderState): PurchaseRequest {
  // A pending order was last touched when that answer was stored.
  return state.status === 'pending' ? { ...request, answeredPendingAt: state.order.modifiedAt } : request;
}
