import {
  DanaClient,
  FixedClock,
  orderStatus,
  verifySignedBody,
  type DanaCompletedOrder,
} from '@kios/dana-protocol';
import { orderCompleteRequest } from '@kios/ordering';
import { freshKeyPair } from '@kios/testing';
import { CallbackReceiver } from '../src/callbacks/callback-receiver';
import { InvalidMisbehaviour, MisbehaviourQueue, parseMisbehaviour } from '../src/callbacks/misbehaviour';

const kios = freshKeyPair();
const dana = freshKeyPair();
const NOW = new Date('2025-01-15T03:08:41.000Z');
const orders: DanaCompletedOrder = {
  partnerId: '216620000000000000000',
  aggregatorId: 'AGG-EXAMPLE',
  requestId: 'REQ-1',
  orderId: 'ORD-1',
  createdTime: '2025-01-15T10:06:11+07:00',
  modifiedTime: '2025-01-15T10:08:39+07:00',
  destinationInfo: { primaryParam: '081234567992' },
  orderStatus: orderStatus('SUCCESS'),
  serialNumber: 'SN-1',
};

function receiver(misbehaviours = new MisbehaviourQueue()) {
  const client = new DanaClient({
    baseUrl: 'http://kios.test',
    danaPrivateKey: dana.privateKey,
    kiosPublicKey: kios.publicKey,
    clock: new FixedClock(NOW),
  });
  return new CallbackReceiver(client, misbehaviours, () => NOW);
}

const signedCallback = (signingKey = kios.privateKey) =>
  orderCompleteRequest(orders, { reqMsgId: 'msg-1', reqTime: NOW }, signingKey).bodyText;

const answerOf = (reply: ReturnType<CallbackReceiver['receive']>['reply']) => {
  if (reply.kind !== 'answer') throw new Error('expected an answer');
  return { httpStatus: reply.httpStatus, envelope: JSON.parse(reply.bodyText), bodyText: reply.bodyText };
};

describe('dana-sim receiving Order Complete Callbacks', () => {
  it('records a callback kios signed and answers a signed S echoing its reqMsgId', () => {
    const sim = receiver();
    const { callback, reply } = sim.receive(signedCallback());
    expect(callback).toMatchObject({
      reqMsgId: 'msg-1',
      requestId: 'REQ-1',
      orderStatus: { code: '10', status: 'SUCCESS' },
      signatureValid: true,
      problems: [],
      answer: 'S',
      receivedAt: NOW.toISOString(),
    });
    const answer = answerOf(reply);
    expect(answer.httpStatus).toBe(200);
    expect(verifySignedBody(answer.bodyText, 'response', dana.publicKey).ok).toBe(true);
    expect(answer.envelope.response.head.reqMsgId).toBe('msg-1');
    expect(answer.envelope.response.body.resultInfo.resultStatus).toBe('S');
    expect(sim.received).toEqual([callback]);
  });

  it('refuses with F INVALID_SIGNATURE a callback signed with another key, whatever misbehaviour was queued', () => {
    const queue = new MisbehaviourQueue();
    queue.add(['http500']);
    const { callback, reply } = receiver(queue).receive(signedCallback(dana.privateKey));
    expect(callback.signatureValid).toBe(false);
    expect(answerOf(reply).envelope.response.body.resultInfo).toMatchObject({
      resultStatus: 'F',
      resultCode: 'INVALID_SIGNATURE',
    });
    expect(queue.pending()).toEqual(['http500']);
  });

  it('misbehaves as queued, one callback each, then answers S again', () => {
    const queue = new MisbehaviourQueue();
    queue.add(parseMisbehaviour({ next: ['http500', 'no_answer', 'U', 'F', 'bad_signature'] }));
    const sim = receiver(queue);
    const replies = Array.from({ length: 6 }, () => sim.receive(signedCallback()).reply);
    expect(replies[0]).toMatchObject({ kind: 'answer', httpStatus: 500 });
    expect(replies[1]).toEqual({ kind: 'hold' });
    expect(answerOf(replies[2]).envelope.response.body.resultInfo.resultStatus).toBe('U');
    expect(answerOf(replies[3]).envelope.response.body.resultInfo.resultStatus).toBe('F');
    const forged = answerOf(replies[4]);
    expect(forged.envelope.response.body.resultInfo.resultStatus).toBe('S');
    expect(verifySignedBody(forged.bodyText, 'response', dana.publicKey)).toEqual({
      ok: false,
      reason: 'signature does not match',
    });
    expect(answerOf(replies[5]).envelope.response.body.resultInfo.resultStatus).toBe('S');
    expect(sim.received.map((received) => received.answer)).toEqual([
      'http500',
      'no_answer',
      'U',
      'F',
      'bad_signature',
      'S',
    ]);
  });
});

describe('dana-sim misbehaviour control', () => {
  it('takes a mode and a count', () =>
    expect(parseMisbehaviour({ mode: 'F', count: 2 })).toEqual(['F', 'F']));

  it('takes one mode once by default', () => expect(parseMisbehaviour({ mode: 'U' })).toEqual(['U']));

  it.each([{ next: ['http404'] }, { mode: 'slow' }, { mode: 'F', count: 0 }, {}, null])(
    'refuses %j',
    (body) => expect(() => parseMisbehaviour(body)).toThrow(InvalidMisbehaviour),
  );
});
