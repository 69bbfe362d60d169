import { decodeOrderEvent, isFinalStatus, type OrderEvent, statusMarkedPending } from '@kios/ordering';
import { orderRequestIdOf } from '../order-request-id';
import { missingRowError } from '../row-revision';
import { foldedProjection, stateIsRow } from '../row-fold';
import { destinationSearchKey } from './destination-key';
import { CreateOrderIndexTable1736900000600 } from './order-index.migration';
import { OrderIndexRow } from './order-index.row';

/** The order events that change what the index holds; callback and operator events do not. */
const ORDER_INDEX_EVENT_TYPES = [
  'OrderPlaced',
  'FulfilmentRequested',
  'OrderMarkedPending',
  'FulfilmentInDoubt',
  'OrderSucceeded',
  'OrderFailed',
] as const satisfies readonly OrderEvent['type'][];

type IndexedEvent = Extract<OrderEvent, { type: (typeof ORDER_INDEX_EVENT_TYPES)[number] }>;

const isIndexedEvent = (event: OrderEvent): event is IndexedEvent =>
  (ORDER_INDEX_EVENT_TYPES as readonly string[]).includes(event.type);

/** Stored instants are ISO text as written; the index keeps one form (`toISOString`) so text order is time order. */
const iso = (instant: string): string => new Date(instant).toISOString();

function placedRow(event: Extract<OrderEvent, { type: 'OrderPlaced' }>, revision: bigint): OrderIndexRow {
  const { data } = event;
  const placedAt = iso(data.placedAt);
  return Object.assign(new OrderIndexRow(), {
    requestId: data.requestId,
    orderId: data.orderId,
    productId: data.productId,
    productName: data.product?.name ?? null,
    productModule: data.product?.module ?? null,
    destination: data.destination,
    destinationKey: destinationSearchKey(data.destination),
    priceMinor: data.price,
    status: 'placed' as const,
    inquiryId: data.inquiryId ?? null,
    supplier: null,
    supplierRef: null,
    supplierCostMinor: null,
    createdAt: placedAt,
    settledAt: null,
    modifiedAt: placedAt,
    revision,
  });
}

/**
 * What an event changes in a placed order's row. The statuses move as the order decider's evolve
 * moves them, with its rules (isFinalStatus, statusMarkedPending in libs/ordering/src/order/order.state.ts).
 */
function changedColumns(
  row: OrderIndexRow,
  event: Exclude<IndexedEvent, { type: 'OrderPlaced' }>,
): Partial<OrderIndexRow> | undefined {
  if (isFinalStatus(row.status)) return undefined;
  switch (event.type) {
    case 'FulfilmentRequested':
      // A later attempt (routed failover) is another supplier asked under its own reference.
      return {
        status: 'requested',
        supplier: event.data.supplier ?? null,
        supplierRef: event.data.supplierRef,
        modifiedAt: iso(event.data.requestedAt),
      };
    case 'OrderMarkedPending':
      // Marked before the supplier was asked (placed): the decider leaves such an order as it is.
      if (row.status === 'placed') return undefined;
      return { status: statusMarkedPending(row.status), modifiedAt: iso(event.data.markedPendingAt) };
    case 'FulfilmentInDoubt':
      return { status: 'in_doubt', modifiedAt: iso(event.data.inDoubtAt) };
    case 'OrderSucceeded': {
      const at = iso(event.data.succeededAt);
      return {
        status: 'succeeded',
        supplier: event.data.supplier ?? row.supplier,
        supplierCostMinor: event.data.cost ?? null,
        settledAt: at,
        modifiedAt: at,
      };
    }
    case 'OrderFailed': {
      const at = iso(event.data.failedAt);
      return { status: 'failed', settledAt: at, modifiedAt: at };
    }
  }
}

/**
 * `order_index`: one row per order, built to find orders by requestId, orderId, destination,
 * product, status and time, and to export them in time order (OrderIndexReadModel).
 */
export const orderIndexProjection = foldedProjection<OrderIndexRow, OrderIndexRow, OrderEvent>({
  name: 'order_index',
  eventTypes: ORDER_INDEX_EVENT_TYPES,
  migrations: [CreateOrderIndexTable1736900000600],
  fold: {
    entity: OrderIndexRow,
    key: 'requestId',
    decode: decodeOrderEvent,
    keyOf: orderRequestIdOf,
    evolve(row, event, recorded) {
      if (!isIndexedEvent(event)) return row;
      if (event.type === 'OrderPlaced') return row ?? placedRow(event, recorded.revision);
      if (!row) throw missingRowError(recorded, `order ${event.data.requestId}`);
      const changes = changedColumns(row, event);
      if (!changes) return row;
      return Object.assign(new OrderIndexRow(), row, changes, { revision: recorded.revision });
    },
    ...stateIsRow,
  },
});
