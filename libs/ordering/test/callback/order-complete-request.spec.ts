import {
  DanaFunction,
  OrderCompleteRequestDto,
  orderStatus,
  validateEnvelope,
  verifySignedBody,
  type DanaCompletedOrder,
} from '@kios/dana-protocol';
import { orderCompleteRequest } from '@kios/ordering';
import { freshKeyPair } from '@kios/testing';

const kios = freshKeyPair();
const orders: DanaCompletedOrder = {
  partnerId: '216620000000000000000',
  aggregatorId: 'AGG-EXAMPLE',
  requestId: '20250115100610123456789',
  orderId: 'ORD-7781002',
  createdTime: '2025-01-15T10:06:11+07:00',
  modifiedTime: '2025-01-15T10:08:39+07:00',
  destinationInfo: { primaryParam: '081234567992' },
  orderStatus: orderStatus('SUCCESS'),
  serialNumber: '0412345678901234',
  token: '',
  product: {
    productId: 'TSEL-10K',
    type: 'MOBILE_CREDIT',
    provider: 'telkomsel',
    price: { value: '1025000', currency: 'IDR' },
    availability: true,
  },
};

const send = (reqMsgId: string, reqTime: Date) =>
  orderCompleteRequest(orders, { reqMsgId, reqTime }, kios.privateKey);

describe('the Order Complete Callback request', () => {
  it('is a valid request envelope for dana.digital.goods.order.complete, posted to orderComplete.htm', () => {
    const request = send('msg-1', new Date('2025-01-15T03:08:40.000Z'));
    const envelope = validateEnvelope(OrderCompleteRequestDto, JSON.parse(request.bodyText));
    expect(envelope.ok).toBe(true);
    expect(request.path).toBe('/dana/bizcenter/digitalgoods/orderComplete.htm');
    expect(JSON.parse(request.bodyText).request.head).toEqual({
      version: '2.0',
      function: DanaFunction.orderComplete,
      reqTime: '2025-01-15T10:08:40+07:00',
      reqMsgId: 'msg-1',
    });
  });

  it('is signed by kios over the exact request text', () =>
    expect(verifySignedBody(send('msg-1', new Date()).bodyText, 'request', kios.publicKey)).toEqual({
      ok: true,
      via: 'raw',
    }));

  it('carries the same order on every attempt, under a new reqMsgId and reqTime', () => {
    const first = JSON.parse(send('msg-1', new Date('2025-01-15T03:08:40.000Z')).bodyText).request;
    const retry = JSON.parse(send('msg-2', new Date('2025-01-15T03:08:46.000Z')).bodyText).request;
    expect(retry.body).toEqual(first.body);
    expect(first.body.orders).toEqual(orders);
    expect([retry.head.reqMsgId, retry.head.reqTime]).toEqual(['msg-2', '2025-01-15T10:08:46+07:00']);
    expect(retry.head.reqTime).not.toBe(first.head.reqTime);
  });
});
