import { danaRequestFields, summarizeDanaAnswer } from '../../src/observability/dana-traffic';

const envelope = (member: 'request' | 'response', head: object, body: object) =>
  ({ [member]: { head, body }, signature: 'c2ln' }) as Record<string, unknown>;

describe('what kios reads from DANA traffic for its logs and metrics', () => {
  it('identifies a Create Order by reqMsgId, function and requestId', () => {
    const body = envelope('request', { reqMsgId: 'msg-1', function: 'anything' }, { requestId: 'R-1' });
    expect(danaRequestFields('createOrder', body)).toEqual({
      function: 'dana.digital.goods.order.create',
      reqMsgId: 'msg-1',
      requestId: 'R-1',
    });
  });

  it('identifies a Get Order Detail of one order by its requestId and orderId, of several by their requestIds', () => {
    const one = envelope(
      'request',
      { reqMsgId: 'm' },
      { orderIdentifiers: [{ requestId: 'R-1', orderId: 'O-1' }] },
    );
    expect(danaRequestFields('orderQuery', one)).toMatchObject({ requestId: 'R-1', orderId: 'O-1' });
    const two = envelope(
      'request',
      { reqMsgId: 'm' },
      { orderIdentifiers: [{ requestId: 'R-1' }, { requestId: 'R-2' }] },
    );
    expect(danaRequestFields('orderQuery', two)).toEqual({
      function: 'dana.digital.goods.order.query',
      reqMsgId: 'm',
      requestIds: ['R-1', 'R-2'],
    });
  });

  it('takes nothing it cannot trust to be a short identifier from a body not verified yet', () => {
    const body = envelope('request', { reqMsgId: 'x'.repeat(65) }, { requestId: { nested: true } });
    expect(danaRequestFields('createOrder', body)).toEqual({ function: 'dana.digital.goods.order.create' });
    expect(danaRequestFields('createOrder', undefined)).toEqual({
      function: 'dana.digital.goods.order.create',
    });
  });

  it("sums up kios's answer by the order status and orderId, or by the error's resultCode", () => {
    const order = { orderId: 'O-1', orderStatus: { code: '20', status: 'PENDING', message: 'Pending' } };
    expect(summarizeDanaAnswer('createOrder', JSON.stringify(envelope('response', {}, { order })))).toEqual({
      outcome: 'PENDING',
      orderId: 'O-1',
    });
    const error = { resultInfo: { resultStatus: 'F', resultCode: 'INVALID_SIGNATURE' } };
    expect(summarizeDanaAnswer('createOrder', JSON.stringify(envelope('response', {}, error)))).toEqual({
      outcome: 'INVALID_SIGNATURE',
    });
  });

  it('sums up several statuses as theirs when they agree and MIXED when they do not', () => {
    const status = (value: string) => ({ inquiryStatus: { status: value } });
    const answer = (...statuses: string[]) =>
      JSON.stringify(envelope('response', {}, { inquiryResults: statuses.map(status) }));
    expect(summarizeDanaAnswer('destinationInquiry', answer('SUCCESS', 'SUCCESS'))).toEqual({
      outcome: 'SUCCESS',
    });
    expect(summarizeDanaAnswer('destinationInquiry', answer('SUCCESS', 'FAILED'))).toEqual({
      outcome: 'MIXED',
    });
    expect(
      summarizeDanaAnswer('productQuery', JSON.stringify(envelope('response', {}, { products: [] }))),
    ).toEqual({
      outcome: 'OK',
    });
    expect(summarizeDanaAnswer('productQuery', 'not json')).toEqual({ outcome: 'UNREADABLE' });
  });

  it('sums up a User Validate answer by its userStatus, though it carries a resultInfo (docs/dana-protocol.md §3.7)', () => {
    const success = { resultStatus: 'S', resultCode: 'SUCCESS' };
    const answer = (body: object) => JSON.stringify(envelope('response', {}, body));
    expect(
      summarizeDanaAnswer('userValidate', answer({ resultInfo: success, userStatus: { status: 'FAILED' } })),
    ).toEqual({ outcome: 'FAILED' });
    const error = { resultInfo: { resultStatus: 'F', resultCode: 'PARAM_ILLEGAL' } };
    expect(summarizeDanaAnswer('userValidate', answer(error))).toEqual({ outcome: 'PARAM_ILLEGAL' });
  });
});
