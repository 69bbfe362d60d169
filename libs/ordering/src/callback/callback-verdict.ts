import {
  judgeDanaAnswer,
  type DanaAnswer,
  type DanaAnswerVerdict,
  type DanaPublicKeys,
} from '@kios/dana-protocol';

/** What came back from one POST of the callback. */
export type CallbackAnswer = DanaAnswer;

/**
 * docs/dana-protocol.md §3.5: `S` accepted; `F` refused (an operator must look, never retried blindly); anything
 * else — `U`, no answer, non-2xx, an answer kios cannot read or cannot trust — leaves the outcome
 * unknown, to be retried.
 */
export type CallbackVerdict = DanaAnswerVerdict;

/** Judges DANA's answer to the callback sent as `reqMsgId`; trusts nothing in it before its signature is checked. */
export function judgeCallbackAnswer(
  answer: CallbackAnswer,
  reqMsgId: string,
  danaPublicKeys: DanaPublicKeys,
): CallbackVerdict {
  return judgeDanaAnswer(answer, 'orderComplete', reqMsgId, danaPublicKeys, 'the callback');
}
