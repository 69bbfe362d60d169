import {
  arrayOf,
  type DomainEvent,
  eventDecoder,
  isDigits,
  isInstant,
  isString,
  optional,
  shape,
} from '@kios/event-store';
import type { Destination } from '@kios/fulfillment';
import { billAmountsFields, type BillAmountsData, destinationDataCheck } from '../event-data';

/** One stream per Destination Inquiry answered with an inquiryId (docs/architecture.md §3). */
export const inquiryStream = (inquiryId: string): string => `inquiry-${inquiryId}`;

export type InquiryRecordedData = {
  inquiryId: string;
  productId: string;
  /** Canonical form (see checkDestination), so Create Order can compare it with its own. */
  destination: Destination;
  /** The account holder, or a game account's nickname. */
  customerName?: string;
  amounts: BillAmountsData & { totalAmount: string };
  dueDate?: string;
  period?: string[];
  /**
   * The reference the supplier inquired the bill under (Digiflazz's `inq-pasca` ref_id, from
   * inquiryReferenceFor the inquiryId): the order that uses this inquiry pays under it
   * (FulfilmentRequested.supplierRef). Absent: the supplier inquired under no reference of kios's.
   */
  supplierRef?: string;
  recordedAt: string;
  expiresAt: string;
};

export type InquiryRecorded = DomainEvent<'InquiryRecorded', InquiryRecordedData>;
export type InquiryConsumed = DomainEvent<
  'InquiryConsumed',
  { inquiryId: string; requestId: string; consumedAt: string }
>;

export type InquiryEvent = InquiryRecorded | InquiryConsumed;

/**
 * Reads stored inquiry events (the aggregate repository and the audit readers go through it). Both
 * types are at schema version 1, their first: no upcasts yet. InquiryRecorded's `supplierRef` came
 * later as an optional field, like the offers of OrderPlaced's product: an inquiry stored without one
 * reads as what it was, an inquiry under no reference of kios's, so no new version and no upcast. A
 * changed shape of what is there gets a new version here and an upcast from the one before.
 */
export const decodeInquiryEvent = eventDecoder<InquiryEvent>({
  InquiryRecorded: {
    schemaVersion: 1,
    check: shape({
      inquiryId: isString,
      productId: isString,
      destination: destinationDataCheck,
      customerName: optional(isString),
      amounts: shape({ ...billAmountsFields, totalAmount: isDigits }),
      dueDate: optional(isInstant),
      period: optional(arrayOf(isInstant)),
      supplierRef: optional(isString),
      recordedAt: isInstant,
      expiresAt: isInstant,
    }),
  },
  InquiryConsumed: {
    schemaVersion: 1,
    check: shape({ inquiryId: isString, requestId: isString, consumedAt: isInstant }),
  },
});
