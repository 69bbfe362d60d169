import { ResultInfoResponseDto } from '../envelope/response-envelopes';
import { type DanaPublicKeys, verifySignedBody } from '../signature/dana-signature';
import { DanaFunction, ResultStatus } from '../status-codes';
import { validateEnvelope } from '../validation/validate-envelope';

/** The APIs kios calls on DANA's host (docs/dana-protocol.md §3.5, §3.6). */
export type MerchantToDanaFunction = 'orderComplete' | 'notifyProductStatus';

/** What came back from one POST to DANA's host. */
export type DanaAnswer =
  | { kind: 'answered'; httpStatus: number; bodyText: string }
  /** Timeout, refused connection, reset: DANA may or may not have taken it. */
  | { kind: 'no_answer'; reason: string };

/**
 * `S` accepted; `F` refused; anything else — `U`, no answer, non-2xx, an answer kios cannot read
 * or cannot trust — leaves the outcome unknown, to be retried (docs/dana-protocol.md §3.0, §3.5).
 */
export type DanaAnswerVerdict =
  { kind: 'accepted' } | { kind: 'refused'; reason: string } | { kind: 'unknown'; reason: string };

const unknown = (reason: string): DanaAnswerVerdict => ({ kind: 'unknown', reason });

/**
 * Judges DANA's `resultInfo` answer to the request of function `fn` sent as `reqMsgId`; trusts
 * nothing in it before its signature is checked. `what` names the request in a refusal.
 */
export function judgeDanaAnswer(
  answer: DanaAnswer,
  fn: MerchantToDanaFunction,
  reqMsgId: string,
  danaPublicKeys: DanaPublicKeys,
  what: string,
): DanaAnswerVerdict {
  if (answer.kind === 'no_answer') return unknown(answer.reason);
  const { httpStatus, bodyText } = answer;
  if (httpStatus < 200 || httpStatus > 299) return unknown(`DANA answered HTTP ${httpStatus}`);
  const signature = verifySignedBody(bodyText, 'response', danaPublicKeys);
  if (!signature.ok) return unknown(`DANA's answer is not trusted: ${signature.reason}`);
  const envelope = validateEnvelope(ResultInfoResponseDto, JSON.parse(bodyText));
  if (!envelope.ok) return unknown(`DANA's answer is malformed: ${envelope.errors.join('; ')}`);
  const { head, body } = envelope.value.response;
  if (head.function !== DanaFunction[fn]) {
    return unknown(`DANA's answer is for function ${head.function}, not ${DanaFunction[fn]}`);
  }
  if (head.reqMsgId !== reqMsgId) {
    return unknown(`DANA's answer echoes reqMsgId ${head.reqMsgId}, not ${reqMsgId}`);
  }
  const { resultStatus, resultCode, resultMsg } = body.resultInfo;
  if (resultStatus === ResultStatus.SUCCESS) return { kind: 'accepted' };
  const said = `${resultStatus} ${resultCode}: ${resultMsg}`;
  if (resultStatus === ResultStatus.FAILURE)
    return { kind: 'refused', reason: `DANA refused ${what} (${said})` };
  return unknown(`DANA does not know the outcome (${said})`);
}
