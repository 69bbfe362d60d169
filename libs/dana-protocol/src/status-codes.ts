import type { DanaStatus, ResultInfo } from './dto/wire.types';

/** `head.function` values (docs/dana-protocol.md §1.2). */
export const DanaFunction = {
  productQuery: 'dana.digital.goods.product.query',
  destinationInquiry: 'dana.digital.goods.destination.inquiry',
  createOrder: 'dana.digital.goods.order.create',
  orderQuery: 'dana.digital.goods.order.query',
  orderComplete: 'dana.digital.goods.order.complete',
  notifyProductStatus: 'dana.digital.goods.product.notifystatus',
  /** User Validate (docs/dana-protocol.md §3.7), optional: DANA → merchant. */
  userValidate: 'dana.digital.goods.user.validate',
} as const;

export type DanaFunctionName = keyof typeof DanaFunction;

/**
 * Paths: the first four and userValidate under kios's base URL, orderComplete and
 * notifyProductStatus on DANA's host (docs/dana-protocol.md §1.2, §3.7).
 */
export const DanaPath: { readonly [K in DanaFunctionName]: string } = {
  productQuery: '/product',
  destinationInquiry: '/destination/inquiry',
  createOrder: '/order/create',
  orderQuery: '/order/detail',
  orderComplete: '/dana/bizcenter/digitalgoods/orderComplete.htm',
  notifyProductStatus: '/dana/bizcenter/digitalgoods/product/notify-status.htm',
  userValidate: '/userValidate',
};

function statusTable<K extends string>(
  table: Record<K, DanaStatus>,
): { readonly [P in K]: Readonly<DanaStatus> } {
  for (const status of Object.values<DanaStatus>(table)) Object.freeze(status);
  return Object.freeze(table);
}

/**
 * `orderStatus` codes (docs/dana-protocol.md §4.4, third-party evidence). Only 10/20/30/40 are emitted until DANA
 * confirms its table; 40 is reserved for requestIds kios never saw.
 */
export const OrderStatus = statusTable({
  SUCCESS: { code: '10', status: 'SUCCESS', message: 'Success' },
  PENDING: { code: '20', status: 'PENDING', message: 'Pending' },
  FAILED: { code: '30', status: 'FAILED', message: 'Failed' },
  EMPTY: { code: '40', status: 'EMPTY', message: 'Order Not Found' },
});

export type OrderStatusName = keyof typeof OrderStatus;

/** `inquiryStatus` codes (docs/dana-protocol.md §4.5, third-party evidence). */
export const InquiryStatus = statusTable({
  SUCCESS: { code: '10', status: 'SUCCESS', message: 'Success' },
  INVALID_DESTINATION: { code: '20', status: 'FAILED', message: 'Invalid destination' },
  BILL_NOT_AVAILABLE: { code: '26', status: 'FAILED', message: 'Bill not available' },
  // Also the answer for "bill already paid" (OLDPHP mapped that upstream code here).
  TRANSACTION_FAILED: { code: '27', status: 'FAILED', message: 'Transaction failed' },
  DATA_NOT_FOUND: { code: '28', status: 'FAILED', message: 'Data not found' },
  GENERAL_ERROR: { code: '99', status: 'FAILED', message: 'General error' },
});

export type InquiryStatusName = keyof typeof InquiryStatus;

/** A fresh status object, optionally with a specific message: `orderStatus('FAILED', 'Price does not match')`. */
export function orderStatus(name: OrderStatusName, message?: string): DanaStatus {
  return { ...OrderStatus[name], message: message ?? OrderStatus[name].message };
}

export function inquiryStatus(name: InquiryStatusName, message?: string): DanaStatus {
  return { ...InquiryStatus[name], message: message ?? InquiryStatus[name].message };
}

/** `resultInfo.resultStatus` (docs/dana-protocol.md §4.6): U means "unknown", to be treated like a timeout. */
export const ResultStatus = { SUCCESS: 'S', FAILURE: 'F', UNKNOWN: 'U' } as const;

export const SUCCESS_RESULT: Readonly<ResultInfo> = Object.freeze({
  resultStatus: ResultStatus.SUCCESS,
  resultCodeId: '00000000',
  resultCode: 'SUCCESS',
  resultMsg: 'success',
});

export interface ErrorResultSpec {
  readonly httpStatus: number;
  /** `U` only where kios cannot tell whether the request took effect: DANA asks again. */
  readonly resultStatus: 'F' | 'U';
  readonly resultCodeId: string;
  readonly resultCode: string;
}

/**
 * Results for the envelopes kios answers before any business processing happens. DANA has not
 * published its result-code table (docs/dana-protocol.md §6 Q2), so the 8-digit `resultCodeId`s below are kios's own
 * choice: sequential after DANA's success id `00000000`, stable once released.
 */
export const ErrorResult = {
  PARAM_ILLEGAL: {
    httpStatus: 400,
    resultStatus: 'F',
    resultCodeId: '00000001',
    resultCode: 'PARAM_ILLEGAL',
  },
  INVALID_SIGNATURE: {
    httpStatus: 401,
    resultStatus: 'F',
    resultCodeId: '00000002',
    resultCode: 'INVALID_SIGNATURE',
  },
  FUNCTION_MISMATCH: {
    httpStatus: 400,
    resultStatus: 'F',
    resultCodeId: '00000003',
    resultCode: 'FUNCTION_MISMATCH',
  },
  REQUEST_TOO_LARGE: {
    httpStatus: 413,
    resultStatus: 'F',
    resultCodeId: '00000004',
    resultCode: 'REQUEST_TOO_LARGE',
  },
  NOT_FOUND: { httpStatus: 404, resultStatus: 'F', resultCodeId: '00000005', resultCode: 'NOT_FOUND' },
  SYSTEM_ERROR: { httpStatus: 500, resultStatus: 'F', resultCodeId: '00000006', resultCode: 'SYSTEM_ERROR' },
  /** Only with KIOS_RATE_LIMIT_PER_MINUTE set: the client address sent more than that this minute. */
  TOO_MANY_REQUESTS: {
    httpStatus: 429,
    resultStatus: 'F',
    resultCodeId: '00000009',
    resultCode: 'TOO_MANY_REQUESTS',
  },
  /** The body did not arrive within KIOS_BODY_TIMEOUT_MS of the headers (a slow or stalled client). */
  REQUEST_TIMEOUT: {
    httpStatus: 408,
    resultStatus: 'F',
    resultCodeId: '00000010',
    resultCode: 'REQUEST_TIMEOUT',
  },
  /** Only with KIOS_REQ_TIME_ENFORCE=on: reqTime outside the window kios accepts. */
  REQUEST_EXPIRED: {
    httpStatus: 401,
    resultStatus: 'F',
    resultCodeId: '00000007',
    resultCode: 'REQUEST_EXPIRED',
  },
  /** Only with KIOS_REFUSE_REPLAYS=on: a reqMsgId kios saw within the window. */
  REQUEST_REPLAYED: {
    httpStatus: 401,
    resultStatus: 'F',
    resultCodeId: '00000008',
    resultCode: 'REQUEST_REPLAYED',
  },
  /**
   * Create Order's OrderPlaced could not be stored (the event store failed) and reading the order
   * back shows it absent: nothing was placed or bought; the same requestId may be sent again.
   */
  ORDER_NOT_STORED: {
    httpStatus: 503,
    resultStatus: 'F',
    resultCodeId: '00000011',
    resultCode: 'ORDER_NOT_STORED',
  },
  /**
   * Create Order's append failed and the order could not be read back either: it may have been
   * stored (a connection lost after the commit). Unknown, so that DANA asks again with the same
   * requestId rather than refund an order the follow-up may yet fulfil.
   */
  ORDER_IN_DOUBT: {
    httpStatus: 503,
    resultStatus: 'U',
    resultCodeId: '00000012',
    resultCode: 'ORDER_IN_DOUBT',
  },
} as const satisfies Record<string, ErrorResultSpec>;

export type ErrorResultName = keyof typeof ErrorResult;

/** The `resultInfo` block for an error envelope. */
export function errorResultInfo(name: ErrorResultName, resultMsg: string): ResultInfo {
  const { resultStatus, resultCodeId, resultCode } = ErrorResult[name];
  return { resultStatus, resultCodeId, resultCode, resultMsg };
}
