import { idr } from '@kios/dana-protocol';
import { inquiryReferenceFor } from '@kios/fulfillment';
import {
  inquiryDecider,
  InquiryAlreadyConsumed,
  InquiryExpired,
  InquiryNotFound,
  inquiryStream,
  type InquiryEvent,
} from '@kios/ordering';
import { DeciderSpec } from '@kios/testing';
import {
  consumeInquiry,
  INQUIRY_ID,
  inquiryConsumed,
  inquiryRecorded,
  minutesAfterT0,
  recordInquiry,
  T0,
} from './inquiry.builders';

/** What the supplier inquired the bill under (inquiryReferenceFor the inquiryId). */
const INQUIRY_REF = inquiryReferenceFor(INQUIRY_ID);

describe('inquiry decider', () => {
  const spec = DeciderSpec.for(inquiryDecider);

  it('lives in the stream inquiry-<inquiryId>', () => {
    expect(inquiryStream(INQUIRY_ID)).toBe('inquiry-INQ-20250115-000123');
  });

  describe('recording an inquiry', () => {
    it('records the bill with its total and an expiry 30 minutes on', () =>
      spec.given([]).when(recordInquiry()).then([inquiryRecorded()]));

    it('totals base amount, admin fee and fine', () =>
      spec
        .given([])
        .when(
          recordInquiry({
            amounts: { baseAmount: idr(10_000_000), adminFee: idr(250_000), fineAmount: idr(500_000) },
          }),
        )
        .then([
          inquiryRecorded({
            amounts: {
              baseAmount: '10000000',
              adminFee: '250000',
              fineAmount: '500000',
              totalAmount: '10750000',
            },
          }),
        ]));

    it('expires after the validity the command gives', () =>
      spec
        .given([])
        .when(recordInquiry({ validForMs: 5 * 60_000 }))
        .then([inquiryRecorded({ expiresAt: '2025-01-15T03:10:00.000Z' })]));

    it('leaves out what a telco inquiry does not have, so the event is plain JSON', () => {
      const [event] = inquiryDecider.decide(
        recordInquiry({ customerName: undefined, dueDate: undefined, period: undefined }),
        inquiryDecider.initialState,
      );
      expect(JSON.parse(JSON.stringify(event))).toStrictEqual(event);
      expect(event.data).not.toHaveProperty('customerName');
      expect(event.data).not.toHaveProperty('supplierRef');
    });

    it('records the reference the supplier inquired the bill under, for the order to pay under', () =>
      spec
        .given([])
        .when(recordInquiry({ supplierRef: INQUIRY_REF }))
        .then([inquiryRecorded({ supplierRef: INQUIRY_REF })]));

    it('records nothing new when the inquiry is already recorded', () =>
      spec.given([inquiryRecorded()]).when(recordInquiry()).then([]));
  });

  describe('consuming an inquiry', () => {
    it('lets an order use an open inquiry', () =>
      spec.given([inquiryRecorded()]).when(consumeInquiry()).then([inquiryConsumed()]));

    it('lets the same order use it again without a new event (DANA retries Create Order)', () =>
      spec.given([inquiryRecorded(), inquiryConsumed()]).when(consumeInquiry()).then([]));

    it('lets the same order use it again even after it expired', () =>
      spec
        .given([inquiryRecorded(), inquiryConsumed()])
        .when(consumeInquiry({ now: minutesAfterT0(60) }))
        .then([]));

    it('refuses another order once used', () =>
      spec
        .given([inquiryRecorded(), inquiryConsumed()])
        .when(consumeInquiry({ requestId: 'REQ-2' }))
        .thenThrows(InquiryAlreadyConsumed));

    it('refuses an expired inquiry', () =>
      spec
        .given([inquiryRecorded()])
        .when(consumeInquiry({ now: minutesAfterT0(30) }))
        .thenThrows(InquiryExpired));

    it('accepts it until the last millisecond before expiry', () =>
      spec
        .given([inquiryRecorded()])
        .when(consumeInquiry({ now: new Date(minutesAfterT0(30).getTime() - 1) }))
        .then([inquiryConsumed({ consumedAt: '2025-01-15T03:34:59.999Z' })]));

    it('refuses an inquiry that was never recorded', () =>
      spec.given([]).when(consumeInquiry()).thenThrows(InquiryNotFound));

    it('says in the error which order used the inquiry and when an inquiry expired', () => {
      expect(() =>
        inquiryDecider.decide(
          consumeInquiry({ requestId: 'REQ-2' }),
          fold([inquiryRecorded(), inquiryConsumed()]),
        ),
      ).toThrow('inquiry INQ-20250115-000123 was already used by order REQ-1');
      expect(() =>
        inquiryDecider.decide(consumeInquiry({ now: minutesAfterT0(31) }), fold([inquiryRecorded()])),
      ).toThrow('inquiry INQ-20250115-000123 expired at 2025-01-15T10:35:00+07:00');
    });
  });

  describe('state', () => {
    it('holds the recorded bill as money and instants', () => {
      expect(fold([inquiryRecorded()])).toEqual({
        status: 'open',
        inquiry: {
          inquiryId: INQUIRY_ID,
          productId: 'PLN-POSTPAID',
          destination: { primaryParam: '532110012345' },
          customerName: 'BUDI SANTOSO',
          amounts: { baseAmount: idr(24_550_000), adminFee: idr(250_000), fineAmount: idr(0) },
          totalAmount: idr(24_800_000),
          dueDate: new Date('2025-01-19T17:00:00.000Z'),
          period: [new Date('2024-11-30T17:00:00.000Z')],
          recordedAt: T0,
          expiresAt: minutesAfterT0(30),
        },
      });
    });

    it('remembers which order used it', () => {
      expect(fold([inquiryRecorded(), inquiryConsumed()])).toMatchObject({
        status: 'consumed',
        consumedBy: 'REQ-1',
        consumedAt: minutesAfterT0(1),
      });
    });
  });
});

function fold(events: InquiryEvent[]) {
  return events.reduce(inquiryDecider.evolve, inquiryDecider.initialState);
}
