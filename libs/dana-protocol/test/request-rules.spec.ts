import {
  CreateOrderRequestDto,
  DestinationInquiryRequestDto,
  NotifyProductStatusRequestDto,
  OrderDetailRequestDto,
  ProductQueryRequestDto,
} from '../src/envelope/request-envelopes';
import { MAX_DESTINATIONS_PER_INQUIRY } from '../src/dto/destination-inquiry.dto';
import { MAX_ORDERS_PER_QUERY } from '../src/dto/order-detail.dto';
import { errorsOf, without, withValue } from './envelope-samples';
import { cases } from './request-cases';

describe('rules particular to one API', () => {
  const productQuery = cases[0].valid;

  it('requires provider for MOBILE_CREDIT, and says when it is not needed', () => {
    expect(errorsOf(ProductQueryRequestDto, without(productQuery, 'request.body.provider'))).toEqual([
      'request.body.provider is required unless type is WATER, EDUCATION, INTERNET',
    ]);
  });

  it.each(['WATER', 'EDUCATION', 'INTERNET'])('accepts %s without provider', (type) => {
    const water = withValue(without(productQuery, 'request.body.provider'), 'request.body.type', type);
    expect(errorsOf(ProductQueryRequestDto, water)).toEqual([]);
  });

  it('requires at least one destination and one order identifier', () => {
    expect(
      errorsOf(DestinationInquiryRequestDto, withValue(cases[1].valid, 'request.body.destinationInfos', [])),
    ).toEqual(['request.body.destinationInfos must have at least 1 item(s)']);
    expect(
      errorsOf(OrderDetailRequestDto, withValue(cases[3].valid, 'request.body.orderIdentifiers', [])),
    ).toEqual(['request.body.orderIdentifiers must have at least 1 item(s)']);
  });

  it("caps the destinations of one inquiry and the orders of one query (kios's limits: DANA documents none)", () => {
    const destinations = (count: number) =>
      Array.from({ length: count }, (_, i) => ({ primaryParam: `0812345678${String(i).padStart(2, '0')}` }));
    const orders = (count: number) => Array.from({ length: count }, (_, i) => ({ requestId: `REQ-${i}` }));
    const inquiry = (count: number) =>
      withValue(cases[1].valid, 'request.body.destinationInfos', destinations(count));
    const query = (count: number) =>
      withValue(cases[3].valid, 'request.body.orderIdentifiers', orders(count));

    expect(errorsOf(DestinationInquiryRequestDto, inquiry(MAX_DESTINATIONS_PER_INQUIRY))).toEqual([]);
    expect(errorsOf(DestinationInquiryRequestDto, inquiry(MAX_DESTINATIONS_PER_INQUIRY + 1))).toEqual([
      `request.body.destinationInfos must have at most ${MAX_DESTINATIONS_PER_INQUIRY} items`,
    ]);
    expect(errorsOf(OrderDetailRequestDto, query(MAX_ORDERS_PER_QUERY))).toEqual([]);
    expect(errorsOf(OrderDetailRequestDto, query(MAX_ORDERS_PER_QUERY + 1))).toEqual([
      `request.body.orderIdentifiers must have at most ${MAX_ORDERS_PER_QUERY} items`,
    ]);
  });

  it('names the element of an array that is not an object', () => {
    const infos = [{ primaryParam: '0812' }, 'oops'];
    expect(
      errorsOf(
        DestinationInquiryRequestDto,
        withValue(cases[1].valid, 'request.body.destinationInfos', infos),
      ),
    ).toEqual(['request.body.destinationInfos[1] must be an object']);
  });

  it('accepts an order identifier whose orderId is absent or null', () => {
    const valid = cases[3].valid;
    expect(
      errorsOf(OrderDetailRequestDto, without(valid, 'request.body.orderIdentifiers[0].orderId')),
    ).toEqual([]);
    expect(
      errorsOf(OrderDetailRequestDto, withValue(valid, 'request.body.orderIdentifiers[0].orderId', null)),
    ).toEqual([]);
  });

  it('takes extendInfo as JSON text, as an object, or not at all, but nothing else', () => {
    const valid = cases[2].valid;
    expect(
      errorsOf(CreateOrderRequestDto, withValue(valid, 'request.body.extendInfo', { inquiryId: 'INQ-1' })),
    ).toEqual([]);
    expect(errorsOf(CreateOrderRequestDto, without(valid, 'request.body.extendInfo'))).toEqual([]);
    expect(errorsOf(CreateOrderRequestDto, withValue(valid, 'request.body.extendInfo', 42))).toEqual([
      'request.body.extendInfo must be a JSON string or an object',
    ]);
    expect(errorsOf(CreateOrderRequestDto, withValue(valid, 'request.body.extendInfo', ['x']))).toEqual([
      'request.body.extendInfo must be a JSON string or an object',
    ]);
  });

  it('allows at most 10 product statuses per notify, and only the three known statuses', () => {
    const valid = cases[5].valid;
    const list = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ productId: `P-${i}`, productStatus: 'AVAILABLE' }));
    expect(
      errorsOf(NotifyProductStatusRequestDto, withValue(valid, 'request.body.productStatusList', list(10))),
    ).toEqual([]);
    expect(
      errorsOf(NotifyProductStatusRequestDto, withValue(valid, 'request.body.productStatusList', list(11))),
    ).toEqual(['request.body.productStatusList must have at most 10 items']);
    expect(
      errorsOf(NotifyProductStatusRequestDto, withValue(valid, 'request.body.productStatusList', list(0))),
    ).toEqual(['request.body.productStatusList must have at least 1 item(s)']);
    expect(
      errorsOf(
        NotifyProductStatusRequestDto,
        withValue(valid, 'request.body.productStatusList[2].productStatus', 'ENABLE'),
      ),
    ).toEqual([
      'request.body.productStatusList[2].productStatus must be one of AVAILABLE, UNAVAILABLE, DISCONTINUE',
    ]);
  });

  it('reports every broken field at once', () => {
    const broken = withValue(
      withValue(cases[2].valid, 'request.body.productId', ''),
      'request.head.reqMsgId',
      7,
    );
    expect(
      errorsOf(CreateOrderRequestDto, without(broken, 'request.body.danaSellingPrice.currency')),
    ).toEqual([
      'request.head.reqMsgId must be a string',
      'request.body.productId must be 1-64 characters',
      'request.body.danaSellingPrice.currency is required',
    ]);
  });

  it.each([null, [], 'text', 42])('refuses a top-level %j', (plain) => {
    expect(errorsOf(CreateOrderRequestDto, plain)).toEqual(['body must be a JSON object']);
  });
});
