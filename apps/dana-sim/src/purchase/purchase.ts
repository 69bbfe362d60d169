import type { DanaDestinationInfo, DanaInquiryResult, DanaOrder, DanaStatus } from '@kios/dana-protocol';
import type { CallbackSource } from '../callbacks/callback-source';
import { acceptedBody, type CreateOrderRequest, inquiryResult, type KiosApi } from '../kios/kios-api';
import { awaitFinalStatus, type FinalStatus, type FinalStatusWait, isFinal } from '../orders/final-status';

/** What happened at each step of a purchase, told as it happens. */
export type PurchaseStep =
  | { step: 'inquiry'; result: DanaInquiryResult }
  | { step: 'order'; order: DanaOrder; request: CreateOrderRequest; latencyMs: number }
  | { step: 'waiting'; source?: CallbackSource; pollMs: number }
  | { step: 'final'; final: FinalStatus };

export interface Purchase {
  productId: string;
  destination: DanaDestinationInfo;
  requestId: string;
  /** Follow a PENDING order to its final status; `source` receives the callbacks, if any. */
  wait?: FinalStatusWait & { source?: CallbackSource };
}

export interface PurchaseOutcome {
  inquiry: DanaInquiryResult;
  order?: DanaOrder;
  final?: FinalStatus;
  /** The status the purchase ended with, as DANA last learned it. */
  endStatus: DanaStatus;
}

/**
 * DANA's purchase (docs/dana-protocol.md §5.2): Destination Inquiry; when the destination is valid, Create Order
 * charging the inquiry's total and naming its inquiryId (kios needs both for bills and ignores the
 * inquiryId for fixed prices); then, if asked, the wait for a PENDING order's final status.
 */
export async function purchase(
  api: KiosApi,
  request: Purchase,
  tell: (step: PurchaseStep) => void,
): Promise<PurchaseOutcome> {
  const inquiry = await inquiryResult(api, request.productId, request.destination);
  tell({ step: 'inquiry', result: inquiry });
  if (inquiry.inquiryStatus?.status !== 'SUCCESS' || !inquiry.totalAmount) {
    return { inquiry, endStatus: inquiry.inquiryStatus };
  }
  const createRequest: CreateOrderRequest = {
    requestId: request.requestId,
    productId: request.productId,
    destinationInfo: request.destination,
    danaSellingPrice: inquiry.totalAmount,
    ...(inquiry.inquiryId ? { extendInfo: JSON.stringify({ inquiryId: inquiry.inquiryId }) } : {}),
  };
  const answer = await api.createOrder(createRequest);
  const { order } = acceptedBody(answer, 'Create Order');
  tell({ step: 'order', order, request: createRequest, latencyMs: answer.latencyMs });
  if (!request.wait || isFinal(order.orderStatus)) return { inquiry, order, endStatus: order.orderStatus };

  tell({ step: 'waiting', source: request.wait.source, pollMs: request.wait.pollMs });
  const final = await awaitFinalStatus(api, request.requestId, request.wait.source, request.wait);
  tell({ step: 'final', final });
  return { inquiry, order, final, endStatus: finalStatusOf(final) };
}

export function finalStatusOf(final: FinalStatus): DanaStatus {
  // A callback is only taken as the answer (or reported refused) when it carries a final status.
  return final.via === 'callback' || final.via === 'refused'
    ? final.callback.orderStatus!
    : final.order.orderStatus;
}
