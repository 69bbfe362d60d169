import { comparePositions, type EventStore, type RecordedEvent } from '@kios/event-store';
import { inquiryStream, orderStream } from '@kios/ordering';

/** Everything recorded about one order: its own stream and the stream of the inquiry it used. */
export interface OrderHistory {
  requestId: string;
  /** The order stream first, then the inquiry stream when the order named an inquiry. */
  streams: string[];
  /** Events of all `streams`, in the order the store recorded them. */
  events: RecordedEvent[];
}

/** The order DANA knows by `requestId`, or undefined when kios has no such order. */
export async function orderHistory(store: EventStore, requestId: string): Promise<OrderHistory | undefined> {
  const order = orderStream(requestId);
  const orderEvents = await store.readStream(order);
  if (orderEvents.length === 0) return undefined;
  const inquiryId = orderEvents.find((event) => event.type === 'OrderPlaced')?.data.inquiryId;
  if (typeof inquiryId !== 'string') return { requestId, streams: [order], events: orderEvents };
  const inquiry = inquiryStream(inquiryId);
  const events = [...orderEvents, ...(await store.readStream(inquiry))].sort((a, b) =>
    comparePositions(a.position, b.position),
  );
  return { requestId, streams: [order, inquiry], events };
}
