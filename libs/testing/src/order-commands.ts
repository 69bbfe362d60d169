import type { Product } from '@kios/catalog';
import { type FixedClock } from '@kios/dana-protocol';
import { AggregateRepository, type EventStore, type RecordedEvent } from '@kios/event-store';
import { checkDestination, type Destination } from '@kios/fulfillment';
import { orderDecider, type OrderCommand, orderStream } from '@kios/ordering';

/**
 * Appends what the order decider decides for each command, in turn, to order `requestId`'s stream,
 * the store stamping each event at its command's `now` (`clock` must be the store's clock): an order
 * written as kios would have written it at that time, for a test that needs an order kios made
 * long ago (the clock of a running kios cannot be moved).
 */
export async function writeOrderCommands(
  store: EventStore,
  clock: FixedClock,
  requestId: string,
  commands: OrderCommand[],
): Promise<RecordedEvent[]> {
  const repository = new AggregateRepository(store);
  const written: RecordedEvent[] = [];
  for (const command of commands) {
    clock.set(command.data.now);
    const { newEvents } = await repository.handle(
      orderStream(requestId),
      orderDecider,
      (state) => orderDecider.decide(command, state),
      { correlationId: `test-order-${requestId}`, causationId: `test-order-${requestId}`, schemaVersion: 1 },
    );
    written.push(...newEvents);
  }
  return written;
}

/**
 * Create Order for a listed fixed-price product at its price, sent to the supplier, then answered PENDING to
 * DANA, all at `now`: the commands of an order the supplier has not settled.
 */
export function pendingOrderCommands(order: {
  requestId: string;
  orderId: string;
  product: Product;
  destination: Destination;
  now: Date;
}): OrderCommand[] {
  const { requestId, product, destination, now } = order;
  return [
    {
      type: 'PlaceOrder',
      data: {
        requestId,
        orderId: order.orderId,
        productId: product.productId,
        product: { status: 'listed', product },
        destination,
        destinationCheck: checkDestination(product, destination),
        danaSellingPrice: product.price,
        now,
      },
    },
    { type: 'MarkPending', data: { requestId, now } },
  ];
}
