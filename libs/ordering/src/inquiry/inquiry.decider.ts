import type { Money } from '@kios/dana-protocol';
import type { EventSourcedDecider } from '@kios/event-store';
import { billTotal, type BillAmounts, type Destination } from '@kios/fulfillment';
import {
  billAmountsData,
  billAmountsFromData,
  ifDefined,
  instantData,
  instantFromData,
  minorData,
  moneyFromData,
  optional,
} from '../event-data';
import { InquiryAlreadyConsumed, InquiryExpired, InquiryNotFound } from './inquiry.errors';
import { decodeInquiryEvent, type InquiryEvent, type InquiryRecorded } from './inquiry.events';

/** How long DANA may take from the inquiry to Create Order, unless the command says otherwise. */
export const DEFAULT_INQUIRY_VALIDITY_MS = 30 * 60 * 1000;

export type RecordedInquiry = {
  inquiryId: string;
  productId: string;
  destination: Destination;
  customerName?: string;
  amounts: BillAmounts;
  totalAmount: Money;
  dueDate?: Date;
  period?: Date[];
  /** The reference the supplier inquired the bill under: the order using the inquiry pays under it. */
  supplierRef?: string;
  recordedAt: Date;
  expiresAt: Date;
};

/** Expiry is not a state: it depends on the instant a command is decided at (see isInquiryExpired). */
export type InquiryState =
  | { status: 'none' }
  | { status: 'open'; inquiry: RecordedInquiry }
  | { status: 'consumed'; inquiry: RecordedInquiry; consumedBy: string; consumedAt: Date };

export type RecordInquiry = {
  type: 'RecordInquiry';
  data: {
    inquiryId: string;
    productId: string;
    destination: Destination;
    customerName?: string;
    /** For fixed-price products: the product price as base amount, no fee, no fine. */
    amounts: BillAmounts;
    dueDate?: Date;
    period?: Date[];
    /** The supplier inquired the bill under this reference (InquiryOutcome.supplierRef). */
    supplierRef?: string;
    validForMs?: number;
    now: Date;
  };
};

/** `requestId`: the DANA order that uses the inquiry. */
export type ConsumeInquiry = {
  type: 'ConsumeInquiry';
  data: { inquiryId: string; requestId: string; now: Date };
};

export type InquiryCommand = RecordInquiry | ConsumeInquiry;

export const initialInquiryState: InquiryState = { status: 'none' };

export function isInquiryExpired(inquiry: RecordedInquiry, now: Date): boolean {
  return now.getTime() >= inquiry.expiresAt.getTime();
}

function record({ data }: RecordInquiry): InquiryRecorded {
  const expiresAt = new Date(data.now.getTime() + (data.validForMs ?? DEFAULT_INQUIRY_VALIDITY_MS));
  return {
    type: 'InquiryRecorded',
    data: {
      inquiryId: data.inquiryId,
      productId: data.productId,
      destination: { ...data.destination },
      ...optional('customerName', data.customerName),
      amounts: { ...billAmountsData(data.amounts), totalAmount: minorData(billTotal(data.amounts)) },
      ...optional('dueDate', ifDefined(data.dueDate, instantData)),
      ...optional('period', data.period?.map(instantData)),
      ...optional('supplierRef', data.supplierRef),
      recordedAt: instantData(data.now),
      expiresAt: instantData(expiresAt),
    },
  };
}

type Consumption = ConsumeInquiry['data'];

export type InquiryUsability =
  | { usable: true; inquiry: RecordedInquiry; usedAlready: boolean }
  | { usable: false; refusal: InquiryNotFound | InquiryAlreadyConsumed | InquiryExpired };

/**
 * Whether the order `consumption.requestId` may use the inquiry. The same order again may, even
 * after expiry (`usedAlready`): DANA retries Create Order with the same requestId.
 */
export function inquiryUsability(state: InquiryState, consumption: Consumption): InquiryUsability {
  if (state.status === 'none') return { usable: false, refusal: new InquiryNotFound(consumption.inquiryId) };
  const { inquiry } = state;
  if (state.status === 'consumed') {
    return state.consumedBy === consumption.requestId
      ? { usable: true, inquiry, usedAlready: true }
      : { usable: false, refusal: new InquiryAlreadyConsumed(inquiry.inquiryId, state.consumedBy) };
  }
  return isInquiryExpired(inquiry, consumption.now)
    ? { usable: false, refusal: new InquiryExpired(inquiry.inquiryId, inquiry.expiresAt) }
    : { usable: true, inquiry, usedAlready: false };
}

function consume({ data }: ConsumeInquiry, state: InquiryState): InquiryEvent[] {
  const usability = inquiryUsability(state, data);
  if (!usability.usable) throw usability.refusal;
  if (usability.usedAlready) return [];
  return [
    {
      type: 'InquiryConsumed',
      data: { inquiryId: data.inquiryId, requestId: data.requestId, consumedAt: instantData(data.now) },
    },
  ];
}

export function decideInquiry(command: InquiryCommand, state: InquiryState): InquiryEvent[] {
  switch (command.type) {
    case 'RecordInquiry':
      return state.status === 'none' ? [record(command)] : []; // inquiryIds are kios's own: a repeat is a replay
    case 'ConsumeInquiry':
      return consume(command, state);
  }
}

function recordedInquiry(data: InquiryRecorded['data']): RecordedInquiry {
  return {
    inquiryId: data.inquiryId,
    productId: data.productId,
    destination: { ...data.destination },
    ...optional('customerName', data.customerName),
    amounts: billAmountsFromData(data.amounts),
    totalAmount: moneyFromData(data.amounts.totalAmount),
    ...optional('dueDate', ifDefined(data.dueDate, instantFromData)),
    ...optional('period', data.period?.map(instantFromData)),
    ...optional('supplierRef', data.supplierRef),
    recordedAt: instantFromData(data.recordedAt),
    expiresAt: instantFromData(data.expiresAt),
  };
}

export function evolveInquiry(state: InquiryState, event: InquiryEvent): InquiryState {
  switch (event.type) {
    case 'InquiryRecorded':
      return { status: 'open', inquiry: recordedInquiry(event.data) };
    case 'InquiryConsumed':
      if (state.status !== 'open') return state;
      return {
        status: 'consumed',
        inquiry: state.inquiry,
        consumedBy: event.data.requestId,
        consumedAt: instantFromData(event.data.consumedAt),
      };
  }
}

export const inquiryDecider: EventSourcedDecider<InquiryCommand, InquiryEvent, InquiryState> = {
  decide: decideInquiry,
  evolve: evolveInquiry,
  initialState: initialInquiryState,
  decode: decodeInquiryEvent,
};
