import { comparePositions, type EventStore, type RecordedEvent } from '@kios/event-store';
import { decodeInquiryEvent, decodeOrderEvent, inquiryStream, orderStream } from '@kios/ordering';

/** Everything recorded about one order: its own stream and the stream of the inquiry it used. */
export interface OrderHistory {
  requestId: string;
  /** The order stream first, then the inquiry stream when the order named an inquiry. */
  streams: string[];
  /** Events of all `streams`, in the order the store recorded them. */
  events: RecordedEvent[];
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
  const events = [...orderEvents, ...inquiryEvents].sort((a, b) => comparePositions(a.position, b.position));
  return { requestId, streams: [order, inquiry], events };
}
