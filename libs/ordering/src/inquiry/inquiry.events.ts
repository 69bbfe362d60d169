import type { DomainEvent } from '@kios/event-store';
import type { Destination } from '@kios/fulfillment';
import type { BillAmountsData } from '../event-data';

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
  recordedAt: string;
  expiresAt: string;
};

export type InquiryRecorded = DomainEvent<'InquiryRecorded', InquiryRecordedData>;
export type InquiryConsumed = DomainEvent<
  'InquiryConsumed',
  { inquiryId: string; requestId: string; consumedAt: string }
>;

export type InquiryEvent = InquiryRecorded | InquiryConsumed;
