import { formatPlnToken, supplierReferenceFor } from '@kios/fulfillment';

describe('supplier reference', () => {
  it('is the same for the same requestId, so a retry names the same purchase', () => {
    expect(supplierReferenceFor('20250115100610123456789')).toBe(
      supplierReferenceFor('20250115100610123456789'),
    );
  });

  it('differs between requestIds', () => {
    expect(supplierReferenceFor('20250115100610123456789')).not.toBe(
      supplierReferenceFor('20250115100610123456788'),
    );
  });

  it('fits a 32-character supplier field whatever the requestId looks like', () => {
    for (const requestId of ['1', 'x'.repeat(64), 'dana/req id:ü']) {
      expect(supplierReferenceFor(requestId)).toMatch(/^KIOS-[0-9A-F]{24}$/);
    }
  });
});

describe('PLN token display', () => {
  it('groups the 20 digits in fours', () => {
    expect(formatPlnToken('12345678901234567890')).toBe('1234-5678-9012-3456-7890');
  });
});
