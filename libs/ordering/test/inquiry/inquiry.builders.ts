import { idr } from '@kios/dana-protocol';
import type { ConsumeInquiry, InquiryConsumed, InquiryRecorded, RecordInquiry } from '@kios/ordering';

export const INQUIRY_ID = 'INQ-20250115-000123';
export const T0 = new Date('2025-01-15T03:05:00.000Z');
export const minutesAfterT0 = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

/** A PLN postpaid bill: Rp 245.500 + Rp 2.500 admin. */
export function recordInquiry(overrides: Partial<RecordInquiry['data']> = {}): RecordInquiry {
  return {
    type: 'RecordInquiry',
    data: {
      inquiryId: INQUIRY_ID,
      productId: 'PLN-POSTPAID',
      destination: { primaryParam: '532110012345' },
      customerName: 'BUDI SANTOSO',
      amounts: { baseAmount: idr(24_550_000), adminFee: idr(250_000), fineAmount: idr(0) },
      dueDate: new Date('2025-01-19T17:00:00.000Z'),
      period: [new Date('2024-11-30T17:00:00.000Z')],
      now: T0,
      ...overrides,
    },
  };
}

export function inquiryRecorded(overrides: Partial<InquiryRecorded['data']> = {}): InquiryRecorded {
  return {
    type: 'InquiryRecorded',
    data: {
      inquiryId: INQUIRY_ID,
      productId: 'PLN-POSTPAID',
      destination: { primaryParam: '532110012345' },
      customerName: 'BUDI SANTOSO',
      amounts: { baseAmount: '24550000', adminFee: '250000', fineAmount: '0', totalAmount: '24800000' },
      dueDate: '2025-01-19T17:00:00.000Z',
      period: ['2024-11-30T17:00:00.000Z'],
      recordedAt: '2025-01-15T03:05:00.000Z',
      expiresAt: '2025-01-15T03:35:00.000Z',
      ...overrides,
    },
  };
}

export function consumeInquiry(overrides: Partial<ConsumeInquiry['data']> = {}): ConsumeInquiry {
  return {
    type: 'ConsumeInquiry',
    data: { inquiryId: INQUIRY_ID, requestId: 'REQ-1', now: minutesAfterT0(1), ...overrides },
  };
}

export function inquiryConsumed(overrides: Partial<InquiryConsumed['data']> = {}): InquiryConsumed {
  return {
    type: 'InquiryConsumed',
    data: { inquiryId: INQUIRY_ID, requestId: 'REQ-1', consumedAt: '2025-01-15T03:06:00.000Z', ...overrides },
  };
}
