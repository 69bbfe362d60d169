import {
  CreateOrderRequestDto,
  DestinationInquiryRequestDto,
  NotifyProductStatusRequestDto,
  OrderCompleteRequestDto,
  OrderDetailRequestDto,
  ProductQueryRequestDto,
} from '../src/envelope/request-envelopes';
import {
  CreateOrderResponseDto,
  DestinationInquiryResponseDto,
  OrderDetailResponseDto,
  ProductQueryResponseDto,
  ResultInfoResponseDto,
} from '../src/envelope/response-envelopes';
import { parseExtendInfo } from '../src/dto/extend-info';
import { validateEnvelope } from '../src/validation/validate-envelope';

type Json = Record<string, unknown>;
type Path = (string | number)[];

/** `request.body.destinationInfos[0].primaryParam` → ['request','body','destinationInfos',0,'primaryParam'] */
function toPath(text: string): Path {
  return text.split('.').flatMap((part) => {
    const [name, ...indexes] = part.split(/\[(\d+)\]/).filter((piece) => piece !== '');
    return [name, ...indexes.map(Number)];
  });
}

function edit(envelope: Json, pathText: string, change: (parent: Json, key: string | number) => void): Json {
  const copy = structuredClone(envelope);
  const path = toPath(pathText);
  const parent = path.slice(0, -1).reduce<Json>((node, key) => node[key as string] as Json, copy);
  change(parent, path[path.length - 1]);
  return copy;
}

const without = (envelope: Json, path: string) => edit(envelope, path, (parent, key) => delete parent[key]);
const withValue = (envelope: Json, path: string, value: unknown) =>
  edit(envelope, path, (parent, key) => (parent[key] = value));

function errorsOf(dto: new () => object, plain: unknown): string[] {
  const result = validateEnvelope(dto, plain);
  return result.ok ? [] : result.errors;
}

const HEAD = {
  version: '2.0',
  function: 'dana.digital.goods.order.create',
  reqTime: '2026-11-26T10:00:00+07:00',
  reqMsgId: '2b9f4a70-5c11-4d2e-8c0a-77e1e3d9b512',
};
const request = (body: Json): Json => ({ request: { head: { ...HEAD }, body }, signature: 'c2lnbmF0dXJl' });
const response = (body: Json): Json => ({
  response: {
    head: { version: '2.0', function: HEAD.function, respTime: HEAD.reqTime, reqMsgId: HEAD.reqMsgId },
    body,
  },
  signature: 'c2lnbmF0dXJl',
});

const money = (value: string) => ({ value, currency: 'IDR' });
const product = {
  productId: 'PLN-POSTPAID',
  type: 'ELECTRICITY_POSTPAID',
  provider: 'pln',
  price: money('24800000'),
  availability: true,
};
const order = {
  requestId: '20261126100000123456789',
  orderId: 'ORD-7781002',
  createdTime: '2026-11-26T10:06:11+07:00',
  modifiedTime: '2026-11-26T10:08:39+07:00',
  destinationInfo: { primaryParam: '532110012345' },
  orderStatus: { code: '10', status: 'SUCCESS', message: 'Success' },
  serialNumber: 'REF-PLN-99887766',
  token: '',
  product,
};

interface RequestCase {
  api: string;
  dto: new () => object;
  valid: Json;
  required: string[];
  maxLengths: [string, number][];
  money: string[];
  strings: string[];
}

const headRequired = [
  'request.head.version',
  'request.head.function',
  'request.head.reqTime',
  'request.head.reqMsgId',
];
const headLengths: [string, number][] = [
  ['request.head.version', 8],
  ['request.head.function', 128],
  ['request.head.reqMsgId', 64],
];

const cases: RequestCase[] = [
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

describe.each(cases)(
  'the $api request envelope',
  ({ dto, valid, required, maxLengths, money: moneyPaths, strings }) => {
    it('accepts the valid example', () => {
      const result = validateEnvelope(dto, valid);
      expect(result).toMatchObject({ ok: true });
      expect(result.ok && result.value).toBeInstanceOf(dto);
    });

    it.each(['signature', 'request', 'request.head', 'request.body', ...headRequired, ...required])(
      'names %s when it is missing',
      (path) => {
        expect(errorsOf(dto, without(valid, path))).toContain(`${path} is required`);
        expect(errorsOf(dto, withValue(valid, path, null))).toContain(`${path} is required`);
      },
    );

    it.each([...headLengths, ...maxLengths])('names %s when it is longer than %i characters', (path, max) => {
      expect(errorsOf(dto, withValue(valid, path, 'x'.repeat(max)))).toEqual([]);
      expect(errorsOf(dto, withValue(valid, path, 'x'.repeat(max + 1)))).toContain(
        `${path} must be 1-${max} characters`,
      );
    });

    it.each(['request.head.version', 'request.head.reqMsgId', ...maxLengths.map(([path]) => path)])(
      'names %s when it is empty',
      (path) => {
        expect(errorsOf(dto, withValue(valid, path, ''))).toEqual([
          expect.stringMatching(`^${escape(path)} must be 1-`),
        ]);
      },
    );

    it.each(['request.head.version', 'request.head.reqMsgId', ...strings])(
      'names %s when it is a number',
      (path) => {
        expect(errorsOf(dto, withValue(valid, path, 12345))).toEqual([`${path} must be a string`]);
      },
    );

    it.each(['request', 'request.head', 'request.body'])('names %s when it is not an object', (path) => {
      expect(errorsOf(dto, withValue(valid, path, 'text'))).toEqual([`${path} must be an object`]);
      expect(errorsOf(dto, withValue(valid, path, [valid]))).toEqual([`${path} must be an object`]);
    });

    it.each([
      ['2026-11-26T03:00:00Z'],
      ['2026-11-26T10:00:00.000+07:00'],
      ['2026-11-26T11:00:00+08:00'],
      ['2026-02-30T10:00:00+07:00'],
    ])('rejects reqTime %s', (reqTime) => {
      expect(errorsOf(dto, withValue(valid, 'request.head.reqTime', reqTime))).toEqual([
        'request.head.reqTime must be a GMT+7 time like 2025-01-15T10:00:00+07:00',
      ]);
    });

    if (moneyPaths.length > 0) {
      describe.each(moneyPaths)('money at %s', (path) => {
        it.each(['1.00', '-1', '+1', '1e3', 'abc', '', ' 1', '1'.repeat(20)])('rejects value %j', (value) => {
          expect(errorsOf(dto, withValue(valid, `${path}.value`, value))).toEqual([
            `${path}.value must be 1-19 digits (minor units)`,
          ]);
        });

        it('rejects a numeric value and a currency other than IDR', () => {
          expect(errorsOf(dto, withValue(valid, `${path}.value`, 100))).toEqual([
            `${path}.value must be a string`,
          ]);
          expect(errorsOf(dto, withValue(valid, `${path}.currency`, 'USD'))).toEqual([
            `${path}.currency must be IDR`,
          ]);
        });

        it('accepts 0 and 19 digits', () => {
          expect(errorsOf(dto, withValue(valid, `${path}.value`, '0'))).toEqual([]);
          expect(errorsOf(dto, withValue(valid, `${path}.value`, '9'.repeat(19)))).toEqual([]);
        });
      });
    }

    it('tolerates and keeps unknown fields at every level', () => {
      const extended = structuredClone(valid) as {
        request: { head: Json; body: Json };
        [key: string]: unknown;
      };
      extended.partnerTraceId = 'x';
      extended.request.head.clientId = 'client';
      extended.request.body.newDanaField = { nested: [1, 2] };
      const result = validateEnvelope(dto, extended);
      expect(result.ok).toBe(true);
      const value = (result as { value: typeof extended }).value;
      expect(value.partnerTraceId).toBe('x');
      expect(value.request.head.clientId).toBe('client');
      expect(value.request.body.newDanaField).toEqual({ nested: [1, 2] });
    });
  },
);

const escape = (text: string) => text.replace(/[.[\]]/g, '\\$&');

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

describe('parseExtendInfo', () => {
  it.each([
    ['JSON text', '{"inquiryId":"INQ-1"}', { inquiryId: 'INQ-1' }],
    ['an object', { inquiryId: 'INQ-1' }, { inquiryId: 'INQ-1' }],
    ['nothing', undefined, {}],
    ['text that is not JSON', '{inquiryId:', {}],
    ['JSON text of an array', '["INQ-1"]', {}],
    ['JSON text of a string', '"INQ-1"', {}],
    ['null', null, {}],
  ])('reads %s', (_case, extendInfo, expected) => {
    expect(parseExtendInfo(extendInfo)).toEqual(expected);
  });
});
