import { importCatalog, type Product } from '@kios/catalog';
import { FixedClock, type Money } from '@kios/dana-protocol';
import { type EventStore, InMemoryEventStore } from '@kios/event-store';
import { SimulatorSupplier, type Destination } from '@kios/fulfillment';
import {
  CreateOrder,
  CreateOrderHandler,
  CurrentProducts,
  FollowUpFulfilmentHandler,
  orderStream,
  RecordDestinationInquiry,
  RecordDestinationInquiryHandler,
  type OrderingSettings,
} from '@kios/ordering';
import { mobileLegendsDiamonds, plnPostpaid, telkomselCredit } from '@kios/testing';

export const T0 = new Date('2025-01-15T03:00:00.000Z');

export const soldOut: Product = { ...telkomselCredit, productId: 'TSEL-SOLD-OUT', available: false };

export type FixtureOptions = Partial<OrderingSettings> & {
  /** The simulator's pending time for …992/…993. */
  delayMs?: number;
  /** The simulator's round trip. */
  latencyMs?: number;
  /** What the handlers see of the store (a faulty one); the fixture's own reads go to the store itself. */
  storeSeenByHandlers?: (store: InMemoryEventStore) => EventStore;
};

/**
 * The ordering handlers as Nest wires them, on an in-memory store, the simulator supplier and a
 * clock the test moves; the catalog lists Telkomsel credit, PLN postpaid, Mobile Legends and a
 * product that is sold out.
 */
export async function orderingFixture(options: FixtureOptions = {}) {
  const clock = new FixedClock(T0);
  const store = new InMemoryEventStore({ clock });
  const handlersStore = options.storeSeenByHandlers?.(store) ?? store;
  const supplier = new SimulatorSupplier({
    clock,
    delayMs: options.delayMs ?? 3000,
    latencyMs: options.latencyMs ?? 0,
  });
  const settings: OrderingSettings = {
    supplierBudgetMs: options.supplierBudgetMs ?? 200,
    inquiryValidityMs: options.inquiryValidityMs ?? 30 * 60_000,
    fulfilmentHorizonMs: options.fulfilmentHorizonMs ?? 86_400_000,
    ...(options.supplierRefHorizonMs === undefined
      ? {}
      : { supplierRefHorizonMs: options.supplierRefHorizonMs }),
  };
  await importCatalog(store, [telkomselCredit, plnPostpaid, mobileLegendsDiamonds, soldOut], {
    clock,
    metadata: { correlationId: 'catalog-import' },
  });
  const purchases = jest.spyOn(supplier, 'purchase');
  const newCreateOrderHandler = () =>
    new CreateOrderHandler(handlersStore, supplier, clock, settings, new CurrentProducts(handlersStore));
  const createOrderHandler = newCreateOrderHandler();
  const inquiryHandler = new RecordDestinationInquiryHandler(
    handlersStore,
    supplier,
    clock,
    settings,
    new CurrentProducts(handlersStore),
  );
  const followUpHandler = new FollowUpFulfilmentHandler(handlersStore, supplier, clock, settings);
  let messages = 0;
  const reqMsgId = () => `msg-${(messages += 1)}`;

  return {
    clock,
    store,
    supplier,
    settings,
    purchases,
    createOrderHandler,
    newCreateOrderHandler,
    followUpHandler,
    createOrder(
      order: {
        requestId: string;
        productId?: string;
        destination?: Destination;
        price?: Money;
        inquiryId?: string;
      },
      handler = createOrderHandler,
    ) {
      return handler.execute(
        new CreateOrder(
          {
            requestId: order.requestId,
            productId: order.productId ?? telkomselCredit.productId,
            destination: order.destination ?? { primaryParam: '081234567890' },
            danaSellingPrice: order.price ?? telkomselCredit.price,
            ...(order.inquiryId === undefined ? {} : { inquiryId: order.inquiryId }),
          },
          reqMsgId(),
        ),
      );
    },
    inquire(productId: string, destinations: Destination[]) {
      return inquiryHandler.execute(new RecordDestinationInquiry({ productId, destinations }, reqMsgId()));
    },
    async orderEvents(requestId: string) {
      return store.readStream(orderStream(requestId));
    },
    async orderEventTypes(requestId: string) {
      return (await store.readStream(orderStream(requestId))).map((event) => event.type);
    },
  };
}
