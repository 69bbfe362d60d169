import { Query } from '@nestjs/cqrs';
import type { ReportedOrder } from '../order/dana-order.mapper';

/** The orders kios knows among `requestIds`, by requestId; the others are unknown to kios. */
export class GetOrderDetails extends Query<Map<string, ReportedOrder>> {
  constructor(readonly requestIds: readonly string[]) {
    super();
  }
}

/**
 * Where GetOrderDetails looks first: the `order_detail` read model (libs/projections), which the app
 * provides under ORDER_DETAILS. It may lag behind the order streams.
 */
export interface OrderDetails {
  getMany(requestIds: readonly string[]): Promise<Map<string, ReportedOrder>>;
}

export const ORDER_DETAILS = Symbol('ORDER_DETAILS');
