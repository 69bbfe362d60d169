import { eventFacts } from '../src/event-facts';

describe('the facts an event added, for people', () => {
  it('shows money as rupiah with its minor units, from digit strings and catalog prices', () => {
    const facts = eventFacts({
      price: '1025000',
      billAmounts: { adminFee: '250050' },
      product: { price: { value: '1025000', currency: 'IDR' } },
    });

    expect(facts).toEqual([
      { key: 'price', value: 'Rp 10.250 (1025000 minor units)', minorUnits: '1025000' },
      { key: 'billAmounts.adminFee', value: 'Rp 2.500,50 (250050 minor units)', minorUnits: '250050' },
      { key: 'product.price', value: 'Rp 10.250 (1025000 minor units)', minorUnits: '1025000' },
    ]);
  });

  it("shows a routed success's cost (what the supplier charged) as money too", () => {
    expect(eventFacts({ supplier: 'iak', cost: '1000000' })).toEqual([
      { key: 'supplier', value: 'iak' },
      { key: 'cost', value: 'Rp 10.000 (1000000 minor units)', minorUnits: '1000000' },
    ]);
  });

  it("shows an offer's maximum cost as money", () => {
    expect(
      eventFacts({ product: { offers: [{ sku: 'S1', maxCost: { value: '990000', currency: 'IDR' } }] } }),
    ).toEqual([
      { key: 'product.offers[0].sku', value: 'S1' },
      { key: 'product.offers[0].maxCost', value: 'Rp 9.900 (990000 minor units)', minorUnits: '990000' },
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
