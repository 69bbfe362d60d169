import { idr } from '@kios/dana-protocol';
import { inquiryReferenceFor } from '@kios/fulfillment';
import {
  checkInquiryForOrder,
  inquiryDecider,
  type InquiryEvent,
  type OrderUsingInquiry,
} from '@kios/ordering';
import { INQUIRY_ID, inquiryConsumed, inquiryRecorded, minutesAfterT0 } from './inquiry.builders';

const fold = (events: InquiryEvent[]) => events.reduce(inquiryDecider.evolve, inquiryDecider.initialState);

function order(overrides: Partial<OrderUsingInquiry> = {}): OrderUsingInquiry {
  return {
    inquiryId: INQUIRY_ID,
    requestId: 'REQ-1',
    productId: 'PLN-POSTPAID',
    destination: { primaryParam: '532110012345' },
    amount: idr(24_800_000),
    now: minutesAfterT0(2),
    ...overrides,
  };
}

const refused = (reason: string) => ({ ok: false, reason });

describe('an inquiry used by Create Order', () => {
  it('is usable for the same product, destination and total before it expires', () => {
    expect(checkInquiryForOrder(fold([inquiryRecorded()]), order())).toEqual({
      ok: true,
      inquiry: expect.objectContaining({ inquiryId: INQUIRY_ID, totalAmount: idr(24_800_000) }),
    });
  });

  it('hands the order the reference the supplier inquired the bill under, so the order pays under it', () => {
    const supplierRef = inquiryReferenceFor(INQUIRY_ID);
    expect(checkInquiryForOrder(fold([inquiryRecorded({ supplierRef })]), order())).toMatchObject({
      ok: true,
      inquiry: { supplierRef },
    });
  });

  it('hands no reference of an inquiry the supplier made under none (the order pays under its own)', () => {
    const check = checkInquiryForOrder(fold([inquiryRecorded()]), order());
    expect(check.ok && check.inquiry).not.toHaveProperty('supplierRef');
  });

  it('is refused when it was never recorded', () => {
    expect(checkInquiryForOrder(fold([]), order())).toEqual(
      refused('inquiry INQ-20250115-000123 was not found'),
    );
  });

  it('is refused for another product', () => {
    expect(checkInquiryForOrder(fold([inquiryRecorded()]), order({ productId: 'PDAM-JKT' }))).toEqual(
      refused('inquiry INQ-20250115-000123 was for product PLN-POSTPAID, not PDAM-JKT'),
    );
  });

  it('is refused for another destination', () => {
    expect(
      checkInquiryForOrder(
        fold([inquiryRecorded()]),
        order({ destination: { primaryParam: '532110099999' } }),
      ),
    ).toEqual(refused('inquiry INQ-20250115-000123 was for destination 532110012345, not 532110099999'));
  });

  it('is refused for another zone of the same game account', () => {
    const recorded = inquiryRecorded({ destination: { primaryParam: '123456789', secondaryParam: '2345' } });
    expect(
      checkInquiryForOrder(
        fold([recorded]),
        order({ destination: { primaryParam: '123456789', secondaryParam: '2346' } }),
      ),
    ).toEqual(
      refused(
        'inquiry INQ-20250115-000123 was for destination 123456789 (zone 2345), not 123456789 (zone 2346)',
      ),
    );
  });

  it('is refused when DANA charged another amount than the inquiry total', () => {
    expect(checkInquiryForOrder(fold([inquiryRecorded()]), order({ amount: idr(24_550_000) }))).toEqual(
      refused('danaSellingPrice 24550000 does not match the inquiry total 24800000'),
    );
  });

  it('is refused once expired', () => {
    expect(checkInquiryForOrder(fold([inquiryRecorded()]), order({ now: minutesAfterT0(30) }))).toEqual(
      refused('inquiry INQ-20250115-000123 expired at 2025-01-15T10:35:00+07:00'),
    );
  });

  it('is refused once another order used it', () => {
    expect(
      checkInquiryForOrder(fold([inquiryRecorded(), inquiryConsumed()]), order({ requestId: 'REQ-2' })),
    ).toEqual(refused('inquiry INQ-20250115-000123 was already used by order REQ-1'));
  });

  it('stays usable for the order that used it', () => {
    expect(checkInquiryForOrder(fold([inquiryRecorded(), inquiryConsumed()]), order()).ok).toBe(true);
  });
});
