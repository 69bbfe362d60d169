import {
  DIGIFLAZZ_REF_ID,
  formatPlnToken,
  inquiryReferenceFor,
  supplierReferenceFor,
} from '@kios/fulfillment';

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

describe('inquiry reference', () => {
  const inquiryId = 'INQ-0F1E2D3C4B5A69788796A5B4C3D2E1F0';

  it('is the same for the same inquiryId, so the order using the inquiry pays under the ref it was inquired under', () => {
    expect(inquiryReferenceFor(inquiryId)).toBe(inquiryReferenceFor(inquiryId));
  });

  it('differs between inquiries', () => {
    expect(inquiryReferenceFor(inquiryId)).not.toBe(
      inquiryReferenceFor('INQ-0F1E2D3C4B5A69788796A5B4C3D2E1F1'),
    );
  });

  it("never equals an order's reference, even for the same text", () => {
    expect(inquiryReferenceFor(inquiryId)).not.toBe(supplierReferenceFor(inquiryId));
  });

  it("fits a 32-character supplier field and Digiflazz's ref_id rule", () => {
    for (const id of [inquiryId, '1', 'x'.repeat(64)]) {
      expect(inquiryReferenceFor(id)).toMatch(/^KINQ-[0-9A-F]{24}$/);
      expect(inquiryReferenceFor(id)).toMatch(DIGIFLAZZ_REF_ID);
    }
  });
});

describe('PLN token display', () => {
  it('groups the 20 digits in fours', () => {
    expect(formatPlnToken('12345678901234567890')).toBe('1234-5678-9012-3456-7890');
  });
});
