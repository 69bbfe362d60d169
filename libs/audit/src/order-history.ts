import { comparePositions, type EventStore, type RecordedEvent } from '@kios/event-store';
import { decodeInquiryEvent, decodeOrderEvent, inquiryStream, orderStream } from '@kios/ordering';

/**
 * The inquiry DANA named when it placed the order (extendInfo.inquiryId, recorded on OrderPlaced
 * for every module), its stream, and how many events kios holds in it: none when DANA named an id
 * kios never answered an inquiry under.
 */
export interface OrderInquiry {
  inquiryId: string;
  stream: string;
  events: number;
}

/** Everything recorded about one order: its own stream and the stream of the inquiry it named. */
export interface OrderHistory {
  requestId: string;
  /** The order stream first, then the inquiry stream when the order named an inquiry kios recorded. */
  streams: string[];
  /** Events of all `streams`, in the order the store recorded them. */
  events: RecordedEvent[];
  /** Undefined when the order named no inquiry. */
  inquiry?: OrderInquiry;
}

/**
 * The order DANA knows by `requestId`, or undefined when kios has no such order. Every event is read
 * through its stream kind's decoder first, so a history with an event kios cannot read fails with
 * UnreadableEvent naming it, instead of being shown or folded.
 */
export async function orderHistory(store: EventStore, requestId: string): Promise<OrderHistory | undefined> {
  const order = orderStream(requestId);
  const orderEvents = await store.readStream(order);
  if (orderEvents.length === 0) return undefined;
  let inquiryId: string | undefined;
  for (const event of orderEvents.map(decodeOrderEvent)) {
    if (event.type === 'OrderPlaced') inquiryId = event.data.inquiryId;
  }
  if (inquiryId === undefined) return { requestId, streams: [order], events: orderEvents };
  const inquiry = inquiryStream(inquiryId);
  const inquiryEvents = await store.readStream(inquiry);
  for (const event of inquiryEvents) decodeInquiryEvent(event);
  const named = { inquiryId, stream: inquiry, events: inquiryEvents.length };
  if (inquiryEvents.length === 0) {
    return { requestId, streams: [order], events: orderEvents, inquiry: named };
  }
  const events = [...orderEvents, ...inquiryEvents].sort((a, b) => comparePositions(a.position, b.position));
  return { requestId, streams: [order, inquiry], events, inquiry: named };
}

/** What history says of the order's inquiry, in words, whether it has one or not. */
export function inquirySummary(history: OrderHistory): string {
  const { inquiry } = history;
  if (inquiry === undefined) return 'no inquiry: DANA named no inquiryId when it placed the order';
  if (inquiry.events === 0) {
    return `inquiry ${inquiry.inquiryId}: named by the order, but kios recorded no inquiry under that id`;
  }
  const events = inquiry.events === 1 ? '1 event' : `${inquiry.events} events`;
  return `inquiry ${inquiry.inquiryId}: ${events} in ${inquiry.stream}`;
}
