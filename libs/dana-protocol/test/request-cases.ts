// Each API's valid request and the fields the validation specs check on it.
import {
  CreateOrderRequestDto,
  DestinationInquiryRequestDto,
  NotifyProductStatusRequestDto,
  OrderCompleteRequestDto,
  OrderDetailRequestDto,
  ProductQueryRequestDto,
} from '../src/envelope/request-envelopes';
import { type Json, money, order, request } from './envelope-samples';

export interface RequestCase {
  api: string;
  dto: new () => object;
  valid: Json;
  required: string[];
  maxLengths: [string, number][];
  money: string[];
  strings: string[];
}

export const headRequired = [
  'request.head.version',
  'request.head.function',
  'request.head.reqTime',
  'request.head.reqMsgId',
];
export const headLengths: [string, number][] = [
  ['request.head.version', 8],
  ['request.head.function', 128],
  ['request.head.reqMsgId', 64],
];

export const cases: RequestCase[] = [
  {
    api: 'Get List of Product',
    dto: ProductQueryRequestDto,
    valid: request({ type: 'MOBILE_CREDIT', provider: 'telkomsel' }),
    // provider's conditional rule has its own tests below.
    required: ['request.body.type'],
    maxLengths: [
      ['request.body.type', 32],
      ['request.body.provider', 32],
    ],
    money: [],
    strings: ['request.body.type', 'request.body.provider'],
  },
  {
    api: 'Destination Inquiry',
    dto: DestinationInquiryRequestDto,
    valid: request({
      destinationInfos: [
        { primaryParam: '4111000011112222', secondaryParam: 'zone-1', billAmount: money('150000000') },
      ],
      productId: 'CC-BILL',
    }),
    required: [
      'request.body.destinationInfos',
      'request.body.destinationInfos[0].primaryParam',
      'request.body.destinationInfos[0].billAmount.value',
      'request.body.destinationInfos[0].billAmount.currency',
      'request.body.productId',
    ],
    maxLengths: [
      ['request.body.destinationInfos[0].primaryParam', 64],
      ['request.body.destinationInfos[0].secondaryParam', 64],
      ['request.body.productId', 64],
    ],
    money: ['request.body.destinationInfos[0].billAmount'],
    strings: ['request.body.productId', 'request.body.destinationInfos[0].primaryParam'],
  },
  {
    api: 'Create Order',
    dto: CreateOrderRequestDto,
    valid: request({
      requestId: '20261126100000123456789',
      productId: 'PLN-POSTPAID',
      destinationInfo: { primaryParam: '532110012345' },
      danaSellingPrice: money('24800000'),
      extendInfo: '{"inquiryId":"INQ-1"}',
    }),
    required: [
      'request.body.requestId',
      'request.body.productId',
      'request.body.destinationInfo',
      'request.body.destinationInfo.primaryParam',
      'request.body.danaSellingPrice',
      'request.body.danaSellingPrice.value',
      'request.body.danaSellingPrice.currency',
    ],
    maxLengths: [
      ['request.body.requestId', 64],
      ['request.body.productId', 64],
      ['request.body.destinationInfo.primaryParam', 64],
    ],
    money: ['request.body.danaSellingPrice'],
    strings: ['request.body.requestId', 'request.body.destinationInfo.primaryParam'],
  },
  {
    api: 'Get Order Detail',
    dto: OrderDetailRequestDto,
    valid: request({
      orderIdentifiers: [
        { requestId: '2016234891823981234001', orderId: '723894791882739847101' },
        { requestId: '2016234891823981234000', orderId: null },
      ],
    }),
    required: ['request.body.orderIdentifiers', 'request.body.orderIdentifiers[0].requestId'],
    maxLengths: [
      ['request.body.orderIdentifiers[0].requestId', 64],
      ['request.body.orderIdentifiers[0].orderId', 64],
    ],
    money: [],
    strings: ['request.body.orderIdentifiers[0].requestId', 'request.body.orderIdentifiers[0].orderId'],
  },
  {
    api: 'Order Complete Callback',
    dto: OrderCompleteRequestDto,
    valid: request({ orders: { partnerId: '216620000000000000000', aggregatorId: 'AGG-EXAMPLE', ...order } }),
    required: [
      'request.body.orders',
      'request.body.orders.partnerId',
      'request.body.orders.aggregatorId',
      'request.body.orders.requestId',
      'request.body.orders.orderId',
      'request.body.orders.createdTime',
      'request.body.orders.modifiedTime',
      'request.body.orders.destinationInfo',
      'request.body.orders.destinationInfo.primaryParam',
      'request.body.orders.orderStatus',
      'request.body.orders.orderStatus.code',
      'request.body.orders.product.price',
    ],
    maxLengths: [
      ['request.body.orders.partnerId', 64],
      ['request.body.orders.aggregatorId', 64],
      ['request.body.orders.requestId', 64],
      ['request.body.orders.orderId', 64],
    ],
    money: ['request.body.orders.product.price'],
    strings: [
      'request.body.orders.partnerId',
      'request.body.orders.serialNumber',
      'request.body.orders.token',
    ],
  },
  {
    api: 'Notify Aggregator Product Status',
    dto: NotifyProductStatusRequestDto,
    valid: request({
      aggregatorId: 'AGG-EXAMPLE',
      productStatusList: [
        { productId: 'TSEL-25K', productStatus: 'UNAVAILABLE' },
        { productId: 'TSEL-10K', productStatus: 'AVAILABLE' },
        { productId: 'TSEL-5K', productStatus: 'DISCONTINUE' },
      ],
    }),
    required: [
      'request.body.aggregatorId',
      'request.body.productStatusList',
      'request.body.productStatusList[0].productId',
      'request.body.productStatusList[1].productStatus',
    ],
    maxLengths: [
      ['request.body.aggregatorId', 64],
      ['request.body.productStatusList[0].productId', 128],
    ],
    money: [],
    strings: ['request.body.aggregatorId', 'request.body.productStatusList[0].productId'],
  },
];
