import {
  DanaFunction,
  OrderCompleteRequestDto,
  SUCCESS_RESULT,
  type DanaClient,
  type DanaStatus,
  type ResultInfo,
} from '@kios/dana-protocol';
import { checkKiosRequest, refusalOf } from './kios-request-check';
import type { Misbehaviour, MisbehaviourQueue } from './misbehaviour';

/** One Order Complete Callback as dana-sim received it (served at GET /sim/callbacks). */
export interface ReceivedCallback {
  receivedAt: string;
  reqMsgId?: string;
  reqTime?: string;
  requestId?: string;
  orderStatus?: DanaStatus;
  /** kios's signature over the raw bytes of `request` (docs/dana-protocol.md §2.6). */
  signatureValid: boolean;
  /** What is wrong with the envelope (signature, shape), empty when nothing is. */
  problems: string[];
  /** How dana-sim answered: a resultStatus, or a misbehaviour. */
  answer: 'S' | 'F' | Misbehaviour;
  /** The `orders` object as sent. */
  orders?: Record<string, unknown>;
}

/** What the HTTP layer does with the request: answer it, or hold it open (no_answer). */
export type CallbackReply = { kind: 'answer'; httpStatus: number; bodyText: string } | { kind: 'hold' };

/** dana-sim's own codes: DANA has not published its table (docs/dana-protocol.md §6). */
const UNKNOWN_RESULT: ResultInfo = {
  resultStatus: 'U',
  resultCodeId: '00000900',
  resultCode: 'PROCESS_UNKNOWN',
  resultMsg: 'result unknown, send again',
};
const REJECTED_RESULT: ResultInfo = {
  resultStatus: 'F',
  resultCodeId: '00000400',
  resultCode: 'ORDER_REJECTED',
  resultMsg: 'callback rejected (dana-sim misbehaviour)',
};

/** Why dana-sim did not accept a callback, as its answer told kios; undefined when it answered a trusted `S`. */
export function callbackRefusal(callback: ReceivedCallback): string | undefined {
  if (callback.problems.length > 0) return `answered F: ${callback.problems.join('; ')}`;
  const asked = 'as POST /sim/misbehave asked';
  switch (callback.answer) {
    case 'S':
      return undefined;
    case 'F':
      return `answered F ${REJECTED_RESULT.resultCode}, ${asked}`;
    case 'U':
      return `answered U ${UNKNOWN_RESULT.resultCode}, ${asked}`;
    case 'http500':
      return `answered HTTP 500, ${asked}`;
    case 'no_answer':
      return `left it unanswered, ${asked}`;
    case 'bad_signature':
      return `answered S under a signature that does not match it, ${asked}`;
  }
}

/**
 * DANA's side of the Order Complete Callback (docs/dana-protocol.md §3.5): checks kios's signature over the raw
 * bytes, then the envelope, records the callback, and answers with a signed `resultInfo` — or
 * misbehaves as told. A callback kios signed wrongly or shaped wrongly is refused with `F`, as DANA
 * would: retrying it unchanged cannot help.
 */
export class CallbackReceiver {
  readonly received: ReceivedCallback[] = [];

  constructor(
    private readonly dana: DanaClient,
    private readonly misbehaviours: MisbehaviourQueue,
    private readonly now: () => Date,
  ) {}

  receive(bodyText: string): { callback: ReceivedCallback; reply: CallbackReply } {
    const checked = checkKiosRequest(
      this.dana,
      OrderCompleteRequestDto,
      DanaFunction.orderComplete,
      bodyText,
    );
    const { problems, signatureValid } = checked;
    const request = checked.envelope?.request;
    // A broken callback is refused whatever was queued: misbehaviours are for callbacks DANA would accept.
    const misbehaviour = problems.length === 0 ? this.misbehaviours.take() : undefined;
    const answer = problems.length > 0 ? 'F' : (misbehaviour ?? 'S');
    const orders = request?.body.orders;
    const callback: ReceivedCallback = {
      receivedAt: this.now().toISOString(),
      reqMsgId: request?.head.reqMsgId,
      reqTime: request?.head.reqTime,
      requestId: orders?.requestId,
      orderStatus: orders?.orderStatus && { ...orders.orderStatus },
      signatureValid,
      problems,
      answer,
      orders: orders && (JSON.parse(JSON.stringify(orders)) as Record<string, unknown>),
    };
    this.received.push(callback);
    return {
      callback,
      reply: this.reply(answer, request?.head.reqMsgId ?? '', refusalOf(checked) ?? REJECTED_RESULT),
    };
  }

  /** `failure` is the resultInfo of an `F` answer. */
  private reply(answer: ReceivedCallback['answer'], reqMsgId: string, failure: ResultInfo): CallbackReply {
    const signedAnswer = (result: ResultInfo): CallbackReply => ({
      kind: 'answer',
      httpStatus: 200,
      bodyText: this.dana.signedResultResponse(DanaFunction.orderComplete, reqMsgId, result),
    });
    switch (answer) {
      case 'S':
        return signedAnswer(SUCCESS_RESULT);
      case 'U':
        return signedAnswer(UNKNOWN_RESULT);
      case 'F':
        return signedAnswer(failure);
      case 'http500':
        return { kind: 'answer', httpStatus: 500, bodyText: 'Internal Server Error' };
      case 'no_answer':
        return { kind: 'hold' };
      case 'bad_signature':
        return { kind: 'answer', httpStatus: 200, bodyText: this.withForeignSignature(reqMsgId) };
    }
  }

  /** A genuine `S` answer carrying the signature of another answer: well-formed, so only a real check catches it. */
  private withForeignSignature(reqMsgId: string): string {
    const genuine = this.dana.signedResultResponse(DanaFunction.orderComplete, reqMsgId, SUCCESS_RESULT);
    const other = this.dana.signedResultResponse(
      DanaFunction.orderComplete,
      `not-${reqMsgId}`,
      SUCCESS_RESULT,
    );
    const signatureOf = (text: string) => (JSON.parse(text) as { signature: string }).signature;
    return genuine.replace(signatureOf(genuine), signatureOf(other));
  }
}
