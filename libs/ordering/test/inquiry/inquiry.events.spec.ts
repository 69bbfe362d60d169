import { UnreadableEvent } from '@kios/event-store';
import {
  causedByRequest,
  decodeInquiryEvent,
  eventMetadata,
  inquiryDecider,
  inquiryStream,
  type InquiryEvent,
} from '@kios/ordering';
import { DecoderSpec, roundTripsThroughTheStore, storedEvent } from '@kios/testing';
import { INQUIRY_ID, inquiryConsumed, inquiryRecorded, T0 } from './inquiry.builders';

/** Every inquiry event type, in every form its writers give it (optional fields present and absent). */
const writtenToday: Record<string, InquiryEvent> = {
  'InquiryRecorded for a bill with its customer, due date and period': inquiryRecorded(),
  'InquiryRecorded with only what every inquiry has': inquiryRecorded({
    customerName: undefined,
    dueDate: undefined,
    period: undefined,
  }),
  'InquiryRecorded for a bill the supplier inquired under a reference': inquiryRecorded({
    supplierRef: 'KINQ-0123456789ABCDEF01234567',
  }),
  'InquiryRecorded for a game account with a zone': inquiryRecorded({
    destination: { primaryParam: '123456789', secondaryParam: '2001' },
  }),
  InquiryConsumed: inquiryConsumed(),
};

const spec = DecoderSpec.for(decodeInquiryEvent);
const at = { stream: inquiryStream(INQUIRY_ID), revision: 1n };
/** Metadata as Destination Inquiry and Create Order write it. */
const written = eventMetadata(causedByRequest('msg-1'), T0);

describe('inquiry events as stored', () => {
  describe('read back from a SQLite store, written as the handlers write them', () => {
    const { store, repository } = roundTripsThroughTheStore({
      stream: inquiryStream(INQUIRY_ID),
      decider: inquiryDecider,
      decode: decodeInquiryEvent,
      writtenToday,
      metadata: written,
    });

    it('stops loading at a corrupted event with UnreadableEvent naming stream, revision and field', async () => {
      await store().append(
        inquiryStream(INQUIRY_ID),
        [{ type: 'InquiryRecorded', data: { ...inquiryRecorded().data, period: '2024-11' } }],
        'no_stream',
      );

      const loading = repository().load(inquiryStream(INQUIRY_ID), inquiryDecider);

      await expect(loading).rejects.toBeInstanceOf(UnreadableEvent);
      await expect(loading).rejects.toThrow(
        `unreadable event InquiryRecorded at inquiry-${INQUIRY_ID}@0: data.period must be an array, got "2024-11"`,
      );
    });
  });

  describe('a stored event that does not have the shape its writers give it', () => {
    it('a bill total as a number', () =>
      spec
        .given(
          storedEvent(
            'InquiryRecorded',
            {
              ...inquiryRecorded().data,
              amounts: { ...inquiryRecorded().data.amounts, totalAmount: 24800000 },
            },
            at,
          ),
        )
        .whenDecoded()
        .thenUnreadable('data.amounts.totalAmount must be a digit string, got 24800000'));

    it('a period that is not a list of instants', () =>
      spec
        .given(storedEvent('InquiryRecorded', { ...inquiryRecorded().data, period: ['November'] }, at))
        .whenDecoded()
        .thenUnreadable('data.period[0] must be an ISO-8601 UTC instant, got "November"'));

    it('a supplier reference that is not text', () =>
      spec
        .given(storedEvent('InquiryRecorded', { ...inquiryRecorded().data, supplierRef: 42 }, at))
        .whenDecoded()
        .thenUnreadable('data.supplierRef must be a string, got 42'));

    it('a consumption without the order that consumed it', () =>
      spec
        .given(
          storedEvent(
            'InquiryConsumed',
            { inquiryId: INQUIRY_ID, consumedAt: '2025-01-15T03:06:00.000Z' },
            at,
          ),
        )
        .whenDecoded()
        .thenUnreadable(
          `unreadable event InquiryConsumed at inquiry-${INQUIRY_ID}@1: data.requestId is missing`,
        ));
  });
});
