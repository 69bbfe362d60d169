import { InvalidOrderSearch, OrderIndexRow } from '@kios/projections';
import { maskDestination } from '../src/destination-mask';
import { orderListEntry, orderSearchOf } from '../src/order-search';

describe('an order search as a person types it', () => {
  it('takes each filter, leaving out empty ones (a form sends every field)', () => {
    expect(
      orderSearchOf({
        requestId: ' REQ-1 ',
        orderId: '',
        destination: '+62 812-3456-7890',
        product: 'TSEL-10K',
        status: 'in_doubt',
        limit: '20',
        cursor: 'abc',
      }),
    ).toEqual({
      filter: {
        requestId: 'REQ-1',
        destination: '+62 812-3456-7890',
        productId: 'TSEL-10K',
        status: 'in_doubt',
      },
      page: { limit: 20, cursor: 'abc' },
    });
  });

  it('reads from as the start and to as the end of the GMT+7 times they name', () => {
    const { filter } = orderSearchOf({ from: '2025-01-15', to: '2025-01-31' });
    expect(filter.from?.toISOString()).toBe('2025-01-14T17:00:00.000Z');
    expect(filter.to?.toISOString()).toBe('2025-01-31T17:00:00.000Z');
  });

  it.each([
    ['status', { status: 'SUCCESS' }],
    ['from', { from: 'last week' }],
    ['to', { to: '2025-13-01' }],
    ['limit', { limit: '0' }],
    ['limit', { limit: '501' }],
    ['limit', { limit: '2.5' }],
  ])('refuses a wrong %s, naming it', (parameter, text) => {
    expect(() => orderSearchOf(text)).toThrow(InvalidOrderSearch);
    expect(() => orderSearchOf(text)).toThrow(expect.objectContaining({ parameter }));
  });
});

describe('an order in a list', () => {
  it('shows the destination masked to its last 4 characters, a zone as it is, and times in GMT+7', () => {
    const row = Object.assign(new OrderIndexRow(), {
      requestId: 'REQ-1',
      orderId: 'ORD-1',
      productId: 'MLBB-86',
      productName: 'Mobile Legends 86 Diamonds',
      productModule: 'games',
      destination: { primaryParam: '123456789', secondaryParam: '2001' },
      destinationKey: '123456789',
      priceMinor: '2350000',
      status: 'succeeded',
      inquiryId: null,
      supplier: 'iak',
      supplierRef: 'KIOS-1',
      supplierCostMinor: '2300000',
      createdAt: '2025-01-15T03:06:10.000Z',
      settledAt: '2025-01-15T03:06:11.000Z',
      modifiedAt: '2025-01-15T03:06:11.000Z',
      revision: 2n,
    });
    expect(orderListEntry(row)).toMatchObject({
      destination: '*****6789 (zone 2001)',
      createdAt: '2025-01-15T10:06:10+07:00',
      settledAt: '2025-01-15T10:06:11+07:00',
      priceMinor: '2350000',
      supplierCostMinor: '2300000',
    });
    expect(maskDestination({ primaryParam: '+6281234567890' })).toBe('**********7890');
  });
});
