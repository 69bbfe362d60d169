import {
  DanaClient,
  DanaFunction,
  FixedClock,
  signedEnvelope,
  SUCCESS_RESULT,
  type ResultInfo,
} from '@kios/dana-protocol';
import { judgeCallbackAnswer, type CallbackAnswer } from '@kios/ordering';
import { freshKeyPair } from '@kios/testing';

const danaKeys = freshKeyPair();
const kiosKeys = freshKeyPair();
const REQ_MSG_ID = '9a3e0c55-0d67-4f0b-a1d2-6c2f9b7e3f10';
const dana = new DanaClient({
  baseUrl: 'http://kios.test',
  danaPrivateKey: danaKeys.privateKey,
  kiosPublicKey: kiosKeys.publicKey,
  clock: new FixedClock(new Date('2025-01-15T03:08:41.000Z')),
});

const answered = (bodyText: string, httpStatus = 200): CallbackAnswer => ({
  kind: 'answered',
  httpStatus,
  bodyText,
});
const danaSays = (result: ResultInfo, reqMsgId = REQ_MSG_ID) =>
  answered(dana.signedResultResponse(DanaFunction.orderComplete, reqMsgId, result));
const judge = (answer: CallbackAnswer) => judgeCallbackAnswer(answer, REQ_MSG_ID, danaKeys.publicKey);

const failure: ResultInfo = {
  resultStatus: 'F',
  resultCodeId: '00000400',
  resultCode: 'ORDER_REJECTED',
  resultMsg: 'unknown order',
};

describe('judging DANA’s answer to the Order Complete Callback', () => {
  it('accepts a signed S', () => expect(judge(danaSays(SUCCESS_RESULT))).toEqual({ kind: 'accepted' }));

  it('takes a signed F as a refusal, with DANA’s code and message', () =>
    expect(judge(danaSays(failure))).toEqual({
      kind: 'refused',
      reason: 'DANA refused the callback (F ORDER_REJECTED: unknown order)',
    }));

  it('takes a signed U as unknown', () =>
    expect(
      judge(
        danaSays({
          resultStatus: 'U',
          resultCodeId: '00000900',
          resultCode: 'PROCESS_UNKNOWN',
          resultMsg: 'later',
        }),
      ),
    ).toEqual({ kind: 'unknown', reason: 'DANA does not know the outcome (U PROCESS_UNKNOWN: later)' }));

  it('takes no answer as unknown, with its reason', () =>
    expect(judge({ kind: 'no_answer', reason: 'no answer from DANA within 8000 ms' })).toEqual({
      kind: 'unknown',
      reason: 'no answer from DANA within 8000 ms',
    }));

  it('takes a non-2xx answer as unknown, even with a signed S inside', () => {
    const signedS = dana.signedResultResponse(DanaFunction.orderComplete, REQ_MSG_ID, SUCCESS_RESULT);
    expect(judge(answered(signedS, 500))).toEqual({ kind: 'unknown', reason: 'DANA answered HTTP 500' });
    expect(judge(answered('Bad Gateway', 502))).toEqual({
      kind: 'unknown',
      reason: 'DANA answered HTTP 502',
    });
  });

  it('never trusts an S signed with another key', () => {
    const forged = signedEnvelope(
      'response',
      JSON.parse(dana.signedResultResponse(DanaFunction.orderComplete, REQ_MSG_ID, SUCCESS_RESULT)).response,
      kiosKeys.privateKey,
    );
    expect(judge(answered(forged))).toEqual({
      kind: 'unknown',
      reason: "DANA's answer is not trusted: signature does not match",
    });
  });

  it('never trusts an S whose text was changed after signing', () => {
    const tampered = dana
      .signedResultResponse(DanaFunction.orderComplete, REQ_MSG_ID, failure)
      .replace('"resultStatus":"F"', '"resultStatus":"S"');
    expect(judge(answered(tampered))).toMatchObject({ kind: 'unknown' });
  });

  it('takes an unparsable answer as unknown', () =>
    expect(judge(answered('<html>maintenance</html>'))).toEqual({
      kind: 'unknown',
      reason: "DANA's answer is not trusted: body is not JSON",
    }));

  it('takes a signed answer without resultInfo as unknown, naming the field', () => {
    const head = {
      version: '2.0',
      function: DanaFunction.orderComplete,
      respTime: '2025-01-15T10:08:41+07:00',
      reqMsgId: REQ_MSG_ID,
    };
    const signed = signedEnvelope('response', { head, body: {} }, danaKeys.privateKey);
    expect(judge(answered(signed))).toEqual({
      kind: 'unknown',
      reason: "DANA's answer is malformed: response.body.resultInfo is required",
    });
  });

  it('takes an S for another message as unknown', () =>
    expect(judge(danaSays(SUCCESS_RESULT, 'another-message'))).toEqual({
      kind: 'unknown',
      reason: `DANA's answer echoes reqMsgId another-message, not ${REQ_MSG_ID}`,
    }));

  it('takes an S for another function as unknown', () =>
    expect(
      judge(
        answered(dana.signedResultResponse(DanaFunction.notifyProductStatus, REQ_MSG_ID, SUCCESS_RESULT)),
      ),
    ).toEqual({
      kind: 'unknown',
      reason: `DANA's answer is for function ${DanaFunction.notifyProductStatus}, not ${DanaFunction.orderComplete}`,
    }));
});
