import type { KeyObject } from 'node:crypto';
import { signedRequest, type DanaCompletedOrder, type PresignedRequest } from '@kios/dana-protocol';

/** One signed Order Complete Callback, ready to POST to DANA's host at `path`. */
export type OrderCompleteRequest = PresignedRequest;

/**
 * The callback of docs/dana-protocol.md §3.5 / §2.6: the order in `orders`, signed once over the compact `request`
 * text. Each attempt gets its own `reqMsgId` and `reqTime` (docs/dana-protocol.md §5.6); the `orders` object is
 * whatever the caller derives from the final order, so it is the same on every attempt.
 */
export function orderCompleteRequest(
  orders: DanaCompletedOrder,
  message: { reqMsgId: string; reqTime: Date },
  merchantPrivateKey: KeyObject,
): OrderCompleteRequest {
  return signedRequest('orderComplete', { orders }, message, merchantPrivateKey);
}
