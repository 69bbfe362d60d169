import type { DanaCompletedOrder } from '@kios/dana-protocol';
import { toDanaOrder } from '../order/dana-order.mapper';
import type { OrderView } from '../order/order.view';

/**
 * `orders` of the Order Complete Callback (docs/dana-protocol.md §3.5): the same order object Create Order and Get
 * Order Detail answer (§3.3), plus the ids DANA assigned. It is derived from the final order only,
 * so every attempt carries the same content.
 */
export function completedOrder(
  order: OrderView,
  ids: { partnerId: string; aggregatorId: string },
): DanaCompletedOrder {
  return { partnerId: ids.partnerId, aggregatorId: ids.aggregatorId, ...toDanaOrder(order) };
}
