import {
  DanaFunction,
  DanaPath,
  ErrorResult,
  errorResultInfo,
  InquiryStatus,
  inquiryStatus,
  OrderStatus,
  orderStatus,
  ResultStatus,
  SUCCESS_RESULT,
} from '../src/status-codes';

describe('DANA status codes', () => {
  it('pairs every API with its function name and path (docs/dana-protocol.md §1.2)', () => {
    expect(Object.keys(DanaPath).sort()).toEqual(Object.keys(DanaFunction).sort());
    expect(DanaFunction.orderQuery).toBe('dana.digital.goods.order.query');
    expect(DanaPath.orderQuery).toBe('/order/detail');
    expect(DanaFunction.notifyProductStatus).toBe('dana.digital.goods.product.notifystatus');
    expect(DanaPath.orderComplete).toBe('/dana/bizcenter/digitalgoods/orderComplete.htm');
  });

  it('uses the order codes of docs/dana-protocol.md §4.4 as strings', () => {
    expect(Object.values(OrderStatus).map(({ code, status }) => `${code} ${status}`)).toEqual([
      '10 SUCCESS',
      '20 PENDING',
      '30 FAILED',
      '40 EMPTY',
    ]);
    expect(OrderStatus.EMPTY.message).toBe('Order Not Found');
  });

  it('uses the inquiry codes of docs/dana-protocol.md §4.5, all failures marked FAILED', () => {
    expect(InquiryStatus.SUCCESS).toEqual({ code: '10', status: 'SUCCESS', message: 'Success' });
    expect(
      Object.values(InquiryStatus)
        .filter((s) => s.code !== '10')
        .map((s) => [s.code, s.status]),
    ).toEqual([
      ['20', 'FAILED'],
      ['26', 'FAILED'],
      ['27', 'FAILED'],
      ['28', 'FAILED'],
      ['99', 'FAILED'],
    ]);
  });

  it('builds fresh status objects with a specific message, leaving the table untouched', () => {
    const mismatch = orderStatus('FAILED', 'Price does not match');
    expect(mismatch).toEqual({ code: '30', status: 'FAILED', message: 'Price does not match' });
    mismatch.message = 'changed';
    expect(orderStatus('FAILED')).toEqual({ code: '30', status: 'FAILED', message: 'Failed' });
    expect(inquiryStatus('TRANSACTION_FAILED', 'Bill already paid')).toEqual({
      code: '27',
      status: 'FAILED',
      message: 'Bill already paid',
    });
    expect(() => {
      (OrderStatus.SUCCESS as { message: string }).message = 'x';
    }).toThrow(TypeError);
  });

  it('has the success quadruple and failure results with 8-digit ids and distinct codes, unknown only for an order in doubt', () => {
    expect(SUCCESS_RESULT).toEqual({
      resultStatus: 'S',
      resultCodeId: '00000000',
      resultCode: 'SUCCESS',
      resultMsg: 'success',
    });
    expect(ResultStatus).toEqual({ SUCCESS: 'S', FAILURE: 'F', UNKNOWN: 'U' });
    const results = Object.entries(ErrorResult);
    for (const [name, result] of results) {
      expect(result.resultStatus).toBe(name === 'ORDER_IN_DOUBT' ? 'U' : 'F');
      expect(result.resultCode).toBe(name);
      expect(result.resultCodeId).toMatch(/^\d{8}$/);
      expect(result.resultCodeId).not.toBe(SUCCESS_RESULT.resultCodeId);
    }
    expect(new Set(results.map(([, r]) => r.resultCodeId)).size).toBe(results.length);
    expect(Object.fromEntries(results.map(([name, r]) => [name, r.httpStatus]))).toEqual({
      PARAM_ILLEGAL: 400,
      INVALID_SIGNATURE: 401,
      FUNCTION_MISMATCH: 400,
      REQUEST_TOO_LARGE: 413,
      NOT_FOUND: 404,
      SYSTEM_ERROR: 500,
      TOO_MANY_REQUESTS: 429,
      REQUEST_EXPIRED: 401,
      REQUEST_REPLAYED: 401,
      REQUEST_TIMEOUT: 408,
      ORDER_NOT_STORED: 503,
      ORDER_IN_DOUBT: 503,
    });
  });

  it('turns an error result into a resultInfo block with the given message', () => {
    expect(errorResultInfo('INVALID_SIGNATURE', 'invalid signature: signature does not match')).toEqual({
      resultStatus: 'F',
      resultCodeId: ErrorResult.INVALID_SIGNATURE.resultCodeId,
      resultCode: 'INVALID_SIGNATURE',
      resultMsg: 'invalid signature: signature does not match',
    });
  });
});
