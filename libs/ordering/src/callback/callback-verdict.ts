import type { KeyObject } from 'node:crypto';
import {
  DanaFunction,
  ResultInfoResponseDto,
  ResultStatus,
  validateEnvelope,
  verifySignedBody,
} from '@kios/dana-protocol';

/** What came back from one POST of the callback. */
export type CallbackAnswer =
  | { kind: 'answered'; httpStatus: number; bodyText: string }
  /** Timeout, refused connection, reset: DANA may or may not have taken it. */
  | { kind: 'no_answer'; reason: string };

/**
 * SPEC §3.5: `S` accepted; `F` refused (an operator must look, never retried blindly); anything
 * else — `U`, no answer, non-2xx, an answer kios cannot read or cannot trust — leaves the outcome
 * unknown, to be retried.
 */
export type CallbackVerdict =
  { kind: 'accepted' } | { kind: 'refused'; reason: string } | { kind: 'unknown'; reason: string };

const unknown = (reason: string): CallbackVerdict => ({ kind: 'unknown', reason });

/** Judges DANA's answer to the callback sent as `reqMsgId`; trusts nothing in it before its signature is checked. */
export function judgeCallbackAnswer(
  answer: CallbackAnswer,
  reqMsgId: string,
  danaPublicKey: KeyObject,
): CallbackVerdict {
  if (answer.kind === 'no_answer') return unknown(answer.reason);
  const { httpStatus, bodyText } = answer;
  if (httpStatus < 200 || httpStatus > 299) return unknown(`DANA answered HTTP ${httpStatus}`);
  const signature = verifySignedBody(bodyText, 'response', danaPublicKey);
  if (!signature.ok) return unknown(`DANA's answer is not trusted: ${signature.reason}`);
  const envelope = validateEnvelope(ResultInfoResponseDto, JSON.parse(bodyText));
  if (!envelope.ok) return unknown(`DANA's answer is malformed: ${envelope.errors.join('; ')}`);
  const { head, body } = envelope.value.response;
  if (head.function !== DanaFunction.orderComplete) {
    return unknown(`DANA's answer is for function ${head.function}, not ${DanaFunction.orderComplete}`);
  }
  if (head.reqMsgId !== reqMsgId) {
    return unknown(`DANA's answer echoes reqMsgId ${head.reqMsgId}, not ${reqMsgId}`);
  }
  const { resultStatus, resultCode, resultMsg } = body.resultInfo;
  if (resultStatus === ResultStatus.SUCCESS) return { kind: 'accepted' };
  const said = `${resultStatus} ${resultCode}: ${resultMsg}`;
  if (resultStatus === ResultStatus.FAILURE)
    return { kind: 'refused', reason: `DANA refused the callback (${said})` };
  return unknown(`DANA does not know the outcome (${said})`);
}
