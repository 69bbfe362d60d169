import type { KeyObject } from 'node:crypto';
import { formatDanaTime } from '../clock';
import type { RequestHead } from '../dto/wire.types';
import { signedEnvelope } from '../signature/signed-envelope';
import { DanaFunction, DanaPath } from '../status-codes';

/** The APIs kios calls on DANA's host (SPEC §3.5, §3.6). */
export type MerchantToDanaFunction = 'orderComplete' | 'notifyProductStatus';

/** One signed merchant → DANA request, ready to POST to DANA's host at `path`. */
export interface SignedDanaRequest {
  path: string;
  reqMsgId: string;
  bodyText: string;
}

/**
 * SPEC §2.6: the four documented head fields and `body`, signed once over the compact `request`
 * text. Each attempt gets its own `reqMsgId` and `reqTime` (SPEC §5.6).
 */
export function signedDanaRequest(
  fn: MerchantToDanaFunction,
  body: object,
  message: { reqMsgId: string; reqTime: Date },
  merchantPrivateKey: KeyObject,
): SignedDanaRequest {
  const head: RequestHead = {
    version: '2.0',
    function: DanaFunction[fn],
    reqTime: formatDanaTime(message.reqTime),
    reqMsgId: message.reqMsgId,
  };
  return {
    path: DanaPath[fn],
    reqMsgId: message.reqMsgId,
    bodyText: signedEnvelope('request', { head, body }, merchantPrivateKey),
  };
}
