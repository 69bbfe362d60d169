import { randomUUID } from 'node:crypto';
import { importCatalog, type Product } from '@kios/catalog';
import { type FixedClock, idr } from '@kios/dana-protocol';
import type { EventStore } from '@kios/event-store';
import { checkDestination } from '@kios/fulfillment';
import {
  decideOrder,
  evolveOrder,
  initialOrderState,
  type OrderCommand,
  type OrderEvent,
  type OrderState,
  orderStream,
} from '@kios/ordering';
import { aProduct, telkomselCredit as telco } from '@kios/testing';

const voucher = aProduct({
  productId: 'GAME-VOUCHER-50K',
  type: 'GAME_VOUCHER',
  provider: 'garena',
  name: 'Garena Voucher 50.000',
  module: 'games',
  price: idr(5_000_000),
  destination: { kind: 'none' },
  delivery: 'token',
});

/** The catalog the traffic buys from. */
export const TRAFFIC_PRODUCTS: Product[] = [telco, voucher];

type Step = (requestId: string, now: Date) => OrderCommand | undefined;

const outcome =
  (succeeded: boolean, index: number): Step =>
  (requestId, now) => ({
    type: 'RecordOutcome',
    data: {
      requestId,
      now,
      outcome: succeeded
        ? {
            status: 'succeeded',
            serialNumber: `SN${index}`,
            ...(index % 3 === 0 ? { token: `TOKEN-${index}` } : {}),
          }
        : { status: 'failed', reason: 'supplier said the number is barred' },
    },
  });
const pending: Step = (requestId, now) => ({ type: 'MarkPending', data: { requestId, now } });
const inDoubt: Step = (requestId, now) => ({
  type: 'MarkInDoubt',
  data: { requestId, reason: 'supplier did not answer within 5000 ms', now },
});
const callbackRefused =
  (attempt: number): Step =>
  (requestId, now) => ({
    type: 'RecordCallbackAttempt',
    data: {
      requestId,
      attempt,
      reason: 'DANA answered HTTP 503',
      nextAttemptAt: new Date(now.getTime() + 30_000),
      now,
    },
  });
const callbackDelivered =
  (attempt: number): Step =>
  (requestId, now) => ({ type: 'RecordCallbackDelivered', data: { requestId, attempt, now } });
const callbackAbandoned: Step = (requestId, now) => ({
  type: 'AbandonCallback',
  data: { requestId, reason: 'DANA refused the callback (F)', now },
});
const flagged: Step = (requestId, now) => ({
  type: 'FlagForOperator',
  data: { requestId, reason: 'no final answer from the supplier in 24 h', now },
});

/** What happens to order `index` after Create Order placed it: a mix of every path an order takes. */
function stepsOf(index: number): Step[] {
  switch (index % 10) {
    case 0:
      return [pending, outcome(true, index), callbackRefused(1), callbackDelivered(2)];
    case 1:
      return [pending, outcome(false, index), callbackRefused(1), callbackAbandoned];
    case 2:
      return [outcome(false, index)];
    case 3:
      return [inDoubt, pending, outcome(true, index), callbackDelivered(1)];
    case 4:
      return []; // refused at placement: OrderPlaced and OrderFailed together
    case 5:
      return [inDoubt, pending, flagged]; // never settled: stays with the follow-up
    case 6:
      return [pending]; // still pending when the history ends
    default:
      return [outcome(true, index)];
  }
}

interface OrderInFlight {
  requestId: string;
  index: number;
  state: OrderState;
  revision: bigint;
  lastEventId: string;
  steps: Step[];
}

export interface OrderTrafficOptions {
  orders: number;
  /** The store's clock: each round of appends is stamped one second after the one before. */
  clock: FixedClock;
  /** Orders in flight together; their events interleave in `$all` as concurrent orders' do. */
  wave?: number;
  /** Numbers the requestIds, so several calls write different orders. */
  firstOrder?: number;
}

/** Lists TRAFFIC_PRODUCTS through the catalog import, as kios does at first start. */
export async function listTrafficProducts(store: EventStore, clock: FixedClock): Promise<void> {
  await importCatalog(store, TRAFFIC_PRODUCTS, { clock, metadata: { correlationId: 'traffic-catalog' } });
}

/**
 * Appends the events of `orders` Create Orders and what followed them, decided by the order
 * decider exactly as kios decides them, with kios's metadata. Returns the number of events written.
 */
export async function writeOrderTraffic(store: EventStore, options: OrderTrafficOptions): Promise<number> {
  const wave = options.wave ?? 100;
  const first = options.firstOrder ?? 0;
  let written = 0;
  for (let start = first; start < first + options.orders; start += wave) {
    const end = Math.min(start + wave, first + options.orders);
    const now = options.clock.now();
    const orders: OrderInFlight[] = Array.from({ length: end - start }, (_, i) => ({
      requestId: `2025011510${String(start + i).padStart(13, '0')}`,
      index: start + i,
      state: initialOrderState,
      revision: -1n,
      lastEventId: '',
      steps: stepsOf(start + i),
    }));
    // Each round's appends (one per order) are issued together, so they share a commit (group commit).
    const round = (commands: (OrderCommand | undefined)[]) =>
      Promise.all(
        orders.map((order, i) =>
          commands[i]
            ? append(store, order, commands[i], order.revision < 0n ? 'no_stream' : order.revision)
            : 0,
        ),
      ).then((counts) => counts.reduce((sum, count) => sum + count, 0));
    written += await round(orders.map((order) => placeOrder(order.requestId, order.index, now)));
    while (orders.some((order) => order.steps.length > 0)) {
      options.clock.advance(1_000);
      const at = options.clock.now();
      written += await round(orders.map((order) => order.steps.shift()?.(order.requestId, at)));
    }
    options.clock.advance(1_000);
  }
  return written;
}

function placeOrder(requestId: string, index: number, now: Date): OrderCommand {
  const product = index % 4 === 1 ? voucher : telco;
  const destination =
    product === voucher
      ? { primaryParam: `PLAYER${index}` }
      : { primaryParam: `0812${String(index).padStart(8, '0')}` };
  return {
    type: 'PlaceOrder',
    data: {
      requestId,
      orderId: `ORD-${index}`,
      productId: product.productId,
      product: { status: 'listed', product },
      destination,
      destinationCheck: checkDestination(product, destination),
      // Order 4 of every ten is refused: DANA charged a price the catalog does not have.
      danaSellingPrice: index % 10 === 4 ? idr(999) : product.price,
      now,
    },
  };
}

async function append(
  store: EventStore,
  order: OrderInFlight,
  command: OrderCommand,
  expected: 'no_stream' | bigint,
): Promise<number> {
  const events = decideOrder(command, order.state);
  if (events.length === 0) return 0;
  const correlationId = `reqMsgId-${order.index}`;
  const withIds = events.map((event: OrderEvent) => {
    const id = randomUUID();
    const causationId = order.lastEventId || correlationId;
    order.lastEventId = id;
    return {
      id,
      type: event.type,
      data: event.data,
      metadata: { correlationId, causationId, schemaVersion: 1 },
    };
  });
  await store.append(orderStream(order.requestId), withIds, expected);
  order.state = events.reduce(evolveOrder, order.state);
  order.revision += BigInt(events.length);
  return events.length;
}
