import { Controller } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { OrderDetailRequestDto, type OrdersBody } from '@kios/dana-protocol';
import { GetOrderDetails, orderNotFound, toDanaOrder } from '@kios/ordering';
import { DanaEndpoint, SignedRequest } from '../http/dana-endpoint.decorator';

/** Get Order Detail (docs/dana-protocol.md §3.4): one answer per identifier, `40 EMPTY` only for requestIds kios never saw. */
@Controller()
export class OrderDetailController {
  constructor(private readonly queries: QueryBus) {}

  @DanaEndpoint({ api: 'orderQuery', envelope: OrderDetailRequestDto })
  async detail(@SignedRequest() { request }: OrderDetailRequestDto): Promise<OrdersBody> {
    const requestIds = request.body.orderIdentifiers.map((identifier) => identifier.requestId);
    const known = await this.queries.execute(new GetOrderDetails(requestIds));
    return {
      orders: requestIds.map((requestId) => {
        const order = known.get(requestId);
        return order ? toDanaOrder(order) : orderNotFound(requestId);
      }),
    };
  }
}
