import { Command } from '@nestjs/cqrs';
import type { Money } from '@kios/dana-protocol';
import type { Destination } from '@kios/fulfillment';
import type { OrderView } from '../order/order.view';

/** DANA's Create Order (docs/dana-protocol.md §3.3), as the controller read it from the verified envelope. */
export type CreateOrderRequest = {
  requestId: string;
  productId: string;
  /** As DANA sent it. */
  destination: Destination;
  danaSellingPrice: Money;
  /** From extendInfo: every order records it; bill-priced products are priced by it. */
  inquiryId?: string;
};

/** Answered with the order as it stands when kios answers DANA: new or existing, final or PENDING. */
export class CreateOrder extends Command<OrderView> {
  constructor(
    readonly request: CreateOrderRequest,
    /** DANA's reqMsgId: the correlation id of every event this request causes. */
    readonly reqMsgId: string,
  ) {
    super();
  }
}
