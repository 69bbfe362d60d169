import { idr } from '@kios/dana-protocol';
import { plnPostpaid } from '@kios/testing';
import { orderNotFound, type ReportedOrder, toDanaOrder } from '@kios/ordering';

const placedAt = new Date('2025-01-15T17:30:00.000Z'); // 00:30 the next day in Jakarta

const order = (overrides: Partial<ReportedOrder> = {}): ReportedOrder => ({
  requestId: 'REQ-1',
  orderId: 'ORD-1',
  productId: 'PLN-POSTPAID',
  product: plnPostpaid,
  destination: { primaryParam: '532110012345' },
  price: idr(24_800_000),
  billAmounts: { baseAmount: idr(24_550_000), adminFee: idr(250_000), fineAmount: idr(0) },
  status: 'PENDING',
  createdAt: placedAt,
  modifiedAt: new Date(placedAt.getTime() + 90_000),
  answeredPending: true,
  ...overrides,
});

describe('the DANA order object (docs/dana-protocol.md §3.3)', () => {
  it('gives GMT+7 times, the product with the order amount as its price, and empty codes while pending', () => {
    expect(toDanaOrder(order())).toEqual({
      requestId: 'REQ-1',
      orderId: 'ORD-1',
      createdTime: '2025-01-16T00:30:00+07:00',
      modifiedTime: '2025-01-16T00:31:30+07:00',
      destinationInfo: { primaryParam: '532110012345' },
      orderStatus: { code: '20', status: 'PENDING', message: 'Pending' },
      serialNumber: '',
      token: '',
      product: {
        productId: 'PLN-POSTPAID',
        type: 'ELECTRICITY_POSTPAID',
        provider: 'pln',
        price: { value: '24800000', currency: 'IDR' },
        availability: true,
      },
      extendInfo:
        '{"baseAmount":{"value":"24550000","currency":"IDR"},"adminFee":{"value":"250000","currency":"IDR"},' +
        '"fineAmount":{"value":"0","currency":"IDR"}}',
    });
  });

  it('carries the serial number and token of a success', () => {
    expect(toDanaOrder(order({ status: 'SUCCESS', serialNumber: '0412', token: '1234-5678' }))).toMatchObject(
      {
        orderStatus: { code: '10', status: 'SUCCESS', message: 'Success' },
        serialNumber: '0412',
        token: '1234-5678',
      },
    );
  });

  it('says why an order failed', () => {
    const failed = order({
      status: 'FAILED',
      failure: { code: 'price_mismatch', reason: 'danaSellingPrice 1 does not match the product price 2' },
    });
    expect(toDanaOrder(failed).orderStatus).toEqual({
      code: '30',
      status: 'FAILED',
      message: 'danaSellingPrice 1 does not match the product price 2',
    });
  });

  it('has no extendInfo for a fixed-price order, and an empty product for one the catalog did not know', () => {
    const unknown = toDanaOrder(order({ product: undefined, billAmounts: undefined, productId: 'NOPE' }));
    expect(unknown.extendInfo).toBeUndefined();
    expect(unknown.product).toEqual({
      productId: 'NOPE',
      type: '',
      provider: '',
      price: { value: '24800000', currency: 'IDR' },
      availability: false,
    });
  });

  it('echoes a game zone', () => {
    const game = toDanaOrder(order({ destination: { primaryParam: '12345678', secondaryParam: '2345' } }));
    expect(game.destinationInfo).toEqual({ primaryParam: '12345678', secondaryParam: '2345' });
  });

  it('answers 40 EMPTY for a requestId kios never saw (docs/dana-protocol.md §3.4)', () => {
    expect(orderNotFound('REQ-X')).toEqual({
      requestId: 'REQ-X',
      orderStatus: { code: '40', status: 'EMPTY', message: 'Order Not Found' },
    });
  });
});
