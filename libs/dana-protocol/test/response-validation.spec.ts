import {
  CreateOrderResponseDto,
  DestinationInquiryResponseDto,
  OrderDetailResponseDto,
  ProductQueryResponseDto,
  ResultInfoResponseDto,
} from '../src/envelope/response-envelopes';
import { errorsOf, money, order, product, response, without } from './envelope-samples';

describe('response envelopes', () => {
  it('accepts the examples of docs/dana-protocol.md of each answer', () => {
    const inquiry = {
      inquiryId: 'INQ-20261126-000123',
      inquiryStatus: { code: '10', status: 'SUCCESS', message: 'Success' },
      destinationInfo: { primaryParam: '532110012345' },
      customerName: 'BUDI SANTOSO',
      baseAmount: money('24550000'),
      fineAmount: money('0'),
      adminFee: money('250000'),
      totalAmount: money('24800000'),
      dueDate: '2026-11-30T00:00:00+07:00',
      period: ['2026-11-01T00:00:00+07:00'],
      detailAmount: [{ amount: money('24550000'), period: '2026-11' }],
      paymentCount: 3,
    };
    const notFound = {
      requestId: 'R-unknown',
      orderStatus: { code: '40', status: 'EMPTY', message: 'Order Not Found' },
    };
    const result = {
      resultStatus: 'S',
      resultCodeId: '00000000',
      resultCode: 'SUCCESS',
      resultMsg: 'success',
    };
    expect(
      errorsOf(ProductQueryResponseDto, response({ products: [product, { ...product, provider: '' }] })),
    ).toEqual([]);
    expect(errorsOf(ProductQueryResponseDto, response({ products: [] }))).toEqual([]);
    expect(errorsOf(DestinationInquiryResponseDto, response({ inquiryResults: [inquiry] }))).toEqual([]);
    expect(errorsOf(CreateOrderResponseDto, response({ order }))).toEqual([]);
    expect(errorsOf(OrderDetailResponseDto, response({ orders: [order, notFound] }))).toEqual([]);
    expect(errorsOf(ResultInfoResponseDto, response({ resultInfo: result }))).toEqual([]);
  });

  it('holds known orders to the full shape and lets only "not found" stubs be short', () => {
    const stubOfKnown = { requestId: order.requestId, orderStatus: order.orderStatus };
    expect(errorsOf(OrderDetailResponseDto, response({ orders: [stubOfKnown] }))).toEqual([
      'response.body.orders[0].product is required',
      'response.body.orders[0].orderId is required',
      'response.body.orders[0].createdTime is required',
      'response.body.orders[0].modifiedTime is required',
      'response.body.orders[0].destinationInfo is required',
    ]);
  });

  it('names wrong fields inside answers', () => {
    const failedInquiry = {
      inquiryStatus: { code: '20', status: 'FAILED', message: 'Invalid' },
      destinationInfo: {},
    };
    expect(errorsOf(DestinationInquiryResponseDto, response({ inquiryResults: [failedInquiry] }))).toEqual([
      'response.body.inquiryResults[0].destinationInfo.primaryParam is required',
    ]);
    const successWithoutId = {
      ...failedInquiry,
      inquiryStatus: { code: '10', status: 'SUCCESS', message: 'Success' },
    };
    expect(
      errorsOf(DestinationInquiryResponseDto, response({ inquiryResults: [successWithoutId] })),
    ).toContain('response.body.inquiryResults[0].inquiryId is required');
    expect(
      errorsOf(
        CreateOrderResponseDto,
        response({ order: { ...order, product: { ...product, availability: 'yes' } } }),
      ),
    ).toEqual(['response.body.order.product.availability must be a boolean']);
    expect(
      errorsOf(
        ResultInfoResponseDto,
        response({ resultInfo: { resultStatus: 'X', resultCodeId: '0', resultCode: 'A', resultMsg: '' } }),
      ),
    ).toEqual([
      'response.body.resultInfo.resultStatus must be one of S, F, U',
      'response.body.resultInfo.resultCodeId must be exactly 8 digits (result code id)',
    ]);
    expect(
      errorsOf(ProductQueryResponseDto, without(response({ products: [] }), 'response.head.respTime')),
    ).toEqual(['response.head.respTime is required']);
  });
});
