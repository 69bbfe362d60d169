import type { DanaCompletedOrder } from '@kios/dana-protocol';
import type { OrderView } from '@kios/ordering';
import { toDanaOrder } from '../dana-api/dana-order.mapper';

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
