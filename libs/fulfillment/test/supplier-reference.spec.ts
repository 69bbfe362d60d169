import {
  DIGIFLAZZ_REF_ID,
  formatPlnToken,
  attemptReferenceFor,
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

describe('attempt reference (a routed order moved to its next offer)', () => {
  const requestId = '20250115100610123456789';

  it("is the order's own reference for the first attempt, as every order stored before routing has", () => {
    expect(attemptReferenceFor(requestId, 1)).toBe(supplierReferenceFor(requestId));
  });

  it('is derived again the same after a restart, and differs per attempt and per order', () => {
    const refs = [1, 2, 3].map((attempt) => attemptReferenceFor(requestId, attempt));
    expect([1, 2, 3].map((attempt) => attemptReferenceFor(requestId, attempt))).toEqual(refs);
    expect(new Set(refs).size).toBe(3);
    expect(attemptReferenceFor('20250115100610123456788', 2)).not.toBe(refs[1]);
  });

  it('cannot be forged by a requestId that looks like another order and attempt', () => {
    expect(attemptReferenceFor('1', 22)).not.toBe(attemptReferenceFor('12', 2));
  });

  it('fits the same field and refuses an attempt below 1', () => {
    expect(attemptReferenceFor('x'.repeat(64), 7)).toMatch(/^KIOS-[0-9A-F]{24}$/);
    expect(() => attemptReferenceFor(requestId, 0)).toThrow(RangeError);
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
