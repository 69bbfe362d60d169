import { type FixedClock, idr, parseDanaTime } from '@kios/dana-protocol';
import {
  AggregateRepository,
  type DomainEvent,
  type EventStore,
  type RecordedEvent,
} from '@kios/event-store';
import { checkDestination } from '@kios/fulfillment';
import {
  checkInquiryForOrder,
  decideInquiry,
  decideOrder,
  inquiryDecider,
  inquiryStream,
  type InquiryCommand,
  orderDecider,
  type OrderCommand,
  orderStream,
} from '@kios/ordering';
import { plnPostpaid } from './products';

export const REQUEST_ID = '20250115100610123456789';
export const INQUIRY_ID = 'INQ-20250115-000123';
export const CREATE_ORDER_MSG = 'reqMsgId-create-order-0001';
export const INQUIRY_MSG = 'reqMsgId-inquiry-0001';

/** GMT+7 wall times of the story, in DANA's format (history prints them with `.000` milliseconds). */
export const TIMES = {
  inquiry: '2025-01-15T10:05:00+07:00',
  placed: '2025-01-15T10:06:10+07:00',
  pending: '2025-01-15T10:06:15+07:00',
  succeeded: '2025-01-15T10:06:40+07:00',
  callback: '2025-01-15T10:06:50+07:00',
};

const destination = { primaryParam: '532110012345' };

/**
 * A PLN postpaid bill bought after a Destination Inquiry, answered PENDING, then settled and
 * called back: every event appended through the deciders, the store stamping the story's times.
 * `clock` must be the store's clock.
 */
export async function writeOrderStory(store: EventStore, clock: FixedClock): Promise<RecordedEvent[]> {
  const repository = new AggregateRepository(store);
  const written: RecordedEvent[] = [];
  const at = (time: string) => {
    clock.set(parseDanaTime(time)!);
    return clock.now();
  };
  const inquiry = async (command: InquiryCommand, correlationId: string, causationId: string) => {
    const handled = await repository.handle(
      inquiryStream(INQUIRY_ID),
      inquiryDecider,
      (state) => decideInquiry(command, state),
      { correlationId, causationId, schemaVersion: 1 },
    );
    written.push(...handled.newEvents);
    return handled.newEvents;
  };
  const order = async (command: OrderCommand, causationId: string) => {
    const handled = await repository.handle(
      orderStream(REQUEST_ID),
      orderDecider,
      (state) => decideOrder(command, state),
      { correlationId: CREATE_ORDER_MSG, causationId, schemaVersion: 1 },
    );
    written.push(...handled.newEvents);
    return handled.newEvents;
  };

  const now = at(TIMES.inquiry);
  await inquiry(
    {
      type: 'RecordInquiry',
      data: {
        inquiryId: INQUIRY_ID,
        productId: plnPostpaid.productId,
        destination,
        customerName: 'BUDI SANTOSO',
        amounts: { baseAmount: idr(24_550_000), adminFee: idr(250_000), fineAmount: idr(0) },
        now,
      },
    },
    INQUIRY_MSG,
    INQUIRY_MSG,
  );

  const placedAt = at(TIMES.placed);
  const { state: inquiryState } = await repository.load(inquiryStream(INQUIRY_ID), inquiryDecider);
  const destinationCheck = checkDestination(plnPostpaid, destination);
  if (!destinationCheck.ok) throw new Error(`the story's destination is refused: ${destinationCheck.reason}`);
  const amount = idr(24_800_000);
  const [placed, requested] = await order(
    {
      type: 'PlaceOrder',
      data: {
        requestId: REQUEST_ID,
        orderId: 'ORD-7781002',
        productId: plnPostpaid.productId,
        product: { status: 'listed', product: plnPostpaid },
        destination,
        destinationCheck,
        danaSellingPrice: amount,
        inquiry: {
          inquiryId: INQUIRY_ID,
          check: checkInquiryForOrder(inquiryState, {
            inquiryId: INQUIRY_ID,
            requestId: REQUEST_ID,
            productId: plnPostpaid.productId,
            destination: destinationCheck.destination,
            amount,
            now: placedAt,
          }),
        },
        now: placedAt,
      },
    },
    CREATE_ORDER_MSG,
  );
  expectType(placed, 'OrderPlaced');
  expectType(requested, 'FulfilmentRequested');
  await inquiry(
    { type: 'ConsumeInquiry', data: { inquiryId: INQUIRY_ID, requestId: REQUEST_ID, now: placedAt } },
    CREATE_ORDER_MSG,
    placed.id,
  );
  const [pending] = await order(
    { type: 'MarkPending', data: { requestId: REQUEST_ID, now: at(TIMES.pending) } },
    requested.id,
  );
  const [succeeded] = await order(
    {
      type: 'RecordOutcome',
      data: {
        requestId: REQUEST_ID,
        outcome: { status: 'succeeded', serialNumber: '0412345678901234' },
        now: at(TIMES.succeeded),
      },
    },
    pending.id,
  );
  await order(
    { type: 'RecordCallbackDelivered', data: { requestId: REQUEST_ID, attempt: 1, now: at(TIMES.callback) } },
    succeeded.id,
  );
  return written;
}

function expectType(event: DomainEvent | undefined, type: string): void {
  if (event?.type !== type) throw new Error(`the story expected ${type}, the decider wrote ${event?.type}`);
}

/** The order of the story, as history lists it. */
export const STORY_TYPES = [
  'InquiryRecorded',
  'OrderPlaced',
  'FulfilmentRequested',
  'InquiryConsumed',
  'OrderMarkedPending',
  'OrderSucceeded',
  'CallbackDelivered',
];
