import { decodeOrderEvent, evolveOrder, initialOrderState, type OrderEvent } from '@kios/ordering';
import { missingRowError } from '../row-revision';
import { orderRequestIdOf } from '../order-request-id';
import { foldedProjection } from '../row-fold';
import { AddOrderDetailSupplierRefIndex1736900000500 } from './order-detail-supplier-ref.migration';
import { CreateOrderDetailTable1736900000200 } from './order-detail.migration';
import { OrderDetailRow } from './order-detail.row';
import { type KnownOrder, orderDetailRow, orderStateFromRow } from './order-detail.state';

/**
 * The order events that change what DANA is told, or the operator flag beside it (a reversal flags a
 * final order); callback events do not.
 */
export const ORDER_DETAIL_EVENT_TYPES: readonly OrderEvent['type'][] = [
  'OrderPlaced',
  'FulfilmentRequested',
  'OrderMarkedPending',
  'FulfilmentInDoubt',
  'FulfilmentFlaggedForOperator',
  'FulfilmentSettledByOperator', // clears the operator flag
  'OrderSucceeded',
  'OrderFailed',
  'FulfilmentReversed',
];

/** An order as folded so far, and the revision of its stream's last event folded. */
type FoldedOrder = { order: KnownOrder; revision: bigint };

/**
 * The `order_detail` table behind Get Order Detail (docs/dana-protocol.md §3.4). Each event is folded with the order
 * decider's own `evolve`, so the read model answers exactly what Create Order answered from the stream.
 */
export const orderDetailProjection = foldedProjection<FoldedOrder, OrderDetailRow, OrderEvent>({
  name: 'order_detail',
  eventTypes: ORDER_DETAIL_EVENT_TYPES,
  migrations: [CreateOrderDetailTable1736900000200, AddOrderDetailSupplierRefIndex1736900000500],
  fold: {
    entity: OrderDetailRow,
    key: 'requestId',
    decode: decodeOrderEvent,
    keyOf: orderRequestIdOf,
    evolve(state, event, recorded) {
      if (!state && event.type !== 'OrderPlaced') {
        throw missingRowError(recorded, `order ${event.data.requestId}`);
      }
      const order = evolveOrder(state?.order ?? initialOrderState, event);
      return order.status === 'none' ? state : { order, revision: recorded.revision };
    },
    toRow: ({ order, revision }) => orderDetailRow(order, revision),
    fromRow: (row) => ({ order: orderStateFromRow(row), revision: row.revision }),
  },
});
