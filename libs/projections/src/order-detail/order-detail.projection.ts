import type { RecordedEvent } from '@kios/event-store';
import { evolveOrder, initialOrderState, type OrderEvent } from '@kios/ordering';
import type { EntityManager } from 'typeorm';
import type { Projection } from '../projection';
import { appliedBefore, missingRowError } from '../row-revision';
import { CreateOrderDetailTable1736900000200 } from './order-detail.migration';
import { OrderDetailRow } from './order-detail.row';
import { orderDetailRow, orderStateFromRow } from './order-detail.state';

/** The order events that change what DANA is told; callback events do not. */
export const ORDER_DETAIL_EVENT_TYPES: readonly OrderEvent['type'][] = [
  'OrderPlaced',
  'FulfilmentRequested',
  'OrderMarkedPending',
  'FulfilmentInDoubt',
  'FulfilmentFlaggedForOperator',
  'OrderSucceeded',
  'OrderFailed',
];

/**
 * The rows this projection wrote in a transaction: an order's events usually arrive in one batch,
 * and the transaction's own writes are the newest state of those rows, so they need no reading back.
 */
const rowsWritten = new WeakMap<EntityManager, Map<string, OrderDetailRow>>();

function rowsWrittenIn(tx: EntityManager): Map<string, OrderDetailRow> {
  let rows = rowsWritten.get(tx);
  if (!rows) {
    rows = new Map();
    rowsWritten.set(tx, rows);
  }
  return rows;
}

/**
 * The `order_detail` table behind Get Order Detail (SPEC §3.4). Each event is folded with the order
 * decider's own `evolve` onto the state the row holds, so the read model answers exactly what
 * Create Order answered from the stream.
 */
export const orderDetailProjection: Projection = {
  name: 'order_detail',
  eventTypes: ORDER_DETAIL_EVENT_TYPES,
  entities: [OrderDetailRow],
  migrations: [CreateOrderDetailTable1736900000200],

  async apply(recorded: RecordedEvent, tx: EntityManager): Promise<void> {
    const event = { type: recorded.type, data: recorded.data } as OrderEvent;
    const rows = tx.getRepository(OrderDetailRow);
    const requestId = event.data.requestId;
    const written = rowsWrittenIn(tx);
    const row = written.get(requestId) ?? (await rows.findOneBy({ requestId }));
    if (appliedBefore(row, recorded)) return;
    if (!row && event.type !== 'OrderPlaced') throw missingRowError(recorded, `order ${requestId}`);
    const next = evolveOrder(row ? orderStateFromRow(row) : initialOrderState, event);
    if (next.status === 'none') return;
    const updated = orderDetailRow(next, recorded.revision);
    if (row) await rows.update({ requestId }, updated);
    else await rows.insert(updated);
    written.set(requestId, updated);
  },
};
