import { eventFacts } from '../src/event-facts';

describe('the facts an event added, for people', () => {
  it('shows money as rupiah with its minor units, from digit strings and catalog prices', () => {
    const facts = eventFacts({
      price: '1025000',
      billAmounts: { adminFee: '250050' },
      product: { price: { value: '1025000', currency: 'IDR' } },
    });

    expect(facts).toEqual([
      { key: 'price', value: 'Rp 10.250 (1025000 minor units)' },
      { key: 'billAmounts.adminFee', value: 'Rp 2.500,50 (250050 minor units)' },
      { key: 'product.price', value: 'Rp 10.250 (1025000 minor units)' },
    ]);
  });

  it("shows a routed success's cost (what the supplier charged) as money too", () => {
    expect(eventFacts({ supplier: 'iak', cost: '1000000' })).toEqual([
      { key: 'supplier', value: 'iak' },
      { key: 'cost', value: 'Rp 10.000 (1000000 minor units)' },
    ]);
  });

  it('shows instants in GMT+7, in arrays too', () => {
    expect(
      eventFacts({ placedAt: '2025-01-15T03:06:10.000Z', period: ['2024-11-30T17:00:00.000Z'] }),
    ).toEqual([
      { key: 'placedAt', value: '2025-01-15T10:06:10+07:00' },
      { key: 'period[0]', value: '2024-12-01T00:00:00+07:00' },
    ]);
  });

  it('quotes text that would blur into the next fact, and leaves other values as they are', () => {
    expect(
      eventFacts({ reason: 'DANA answered HTTP 503', serialNumber: '0412', attempt: 2, available: false }),
    ).toEqual([
      { key: 'reason', value: '"DANA answered HTTP 503"' },
      { key: 'serialNumber', value: '0412' },
      { key: 'attempt', value: '2' },
      { key: 'available', value: 'false' },
    ]);
  });

  it('leaves out the requestId of the order being shown, but not another one', () => {
    expect(eventFacts({ requestId: 'REQ-1', attempt: 1 }, 'REQ-1')).toEqual([{ key: 'attempt', value: '1' }]);
    expect(eventFacts({ requestId: 'REQ-2' }, 'REQ-1')).toEqual([{ key: 'requestId', value: 'REQ-2' }]);
  });
});
