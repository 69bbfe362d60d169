import type { KeyObject } from 'node:crypto';
import {
  DanaFunction,
  DanaPath,
  formatDanaTime,
  signedEnvelope,
  type DanaCompletedOrder,
  type RequestHead,
} from '@kios/dana-protocol';

/** One signed Order Complete Callback, ready to POST to DANA's host at `path`. */
export interface OrderCompleteRequest {
  path: string;
  reqMsgId: string;
  bodyText: string;
}

/**
 * The callback of SPEC §3.5 / §2.6: the order in `orders`, signed once over the compact `request`
 * text. Each attempt gets its own `reqMsgId` and `reqTime` (SPEC §5.6); the `orders` object is
 * whatever the caller derives from the final order, so it is the same on every attempt.
 */
export function orderCompleteRequest(
  orders: DanaCompletedOrder,
  message: { reqMsgId: string; reqTime: Date },
  merchantPrivateKey: KeyObject,
): OrderCompleteRequest {
  const head: RequestHead = {
    version: '2.0',
    function: DanaFunction.orderComplete,
    reqTime: formatDanaTime(message.reqTime),
    reqMsgId: message.reqMsgId,
  };
  return {
    path: DanaPath.orderComplete,
    reqMsgId: message.reqMsgId,
    bodyText: signedEnvelope('request', { head, body: { orders } }, merchantPrivateKey),
  };
}
