import type { KeyObject } from 'node:crypto';
import { formatDanaTime } from '../clock';
import type { RequestHead } from '../dto/wire.types';
import { DanaFunction, DanaPath, type DanaFunctionName } from '../status-codes';
import { signedEnvelope } from './signed-envelope';

/** The `version` of every head the Digital Goods APIs exchange (docs/dana-protocol.md §1.5). */
export const DANA_API_VERSION = '2.0';

/** One request envelope signed ahead of sending it, ready to POST at `path` on the other side's host. */
export interface PresignedRequest {
  path: string;
  reqMsgId: string;
  bodyText: string;
}

/**
 * A request of function `fn` as both sides send them (docs/dana-protocol.md §2.2, §2.6): the four documented head
 * fields and `body`, signed once over the compact `request` text and spliced into the envelope, which
 * is the same text DANA's SDK posts. Each attempt gets its own `reqMsgId` and `reqTime` (docs/dana-protocol.md §5.6).
 */
export function signedRequest(
  fn: DanaFunctionName,
  body: object,
  message: { reqMsgId: string; reqTime: Date },
  privateKey: KeyObject,
): PresignedRequest {
  const head: RequestHead = {
    version: DANA_API_VERSION,
    function: DanaFunction[fn],
    reqTime: formatDanaTime(message.reqTime),
    reqMsgId: message.reqMsgId,
  };
  return {
    path: DanaPath[fn],
    reqMsgId: message.reqMsgId,
    bodyText: signedEnvelope('request', { head, body }, privateKey),
  };
}
