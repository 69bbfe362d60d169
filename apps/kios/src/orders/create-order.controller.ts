import { Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CreateOrderRequestDto, type OrderBody, parseExtendInfo, parseMoney } from '@kios/dana-protocol';
import { CreateOrder, OrderNotStored, OrderPlacementInDoubt, toDanaOrder } from '@kios/ordering';
import { DanaEndpoint, SignedRequest } from '../http/dana-endpoint.decorator';
import { DanaProtocolException } from '../http/dana-protocol.exception';
import { destinationOf } from './dana-destination';

/** Create Order (docs/dana-protocol.md §3.3): the new or existing order, answered with HTTP 200 whatever its status. */
@Controller()
export class CreateOrderController {
  constructor(private readonly commands: CommandBus) {}

  @DanaEndpoint({ api: 'createOrder', envelope: CreateOrderRequestDto })
  async create(@SignedRequest() { request }: CreateOrderRequestDto): Promise<OrderBody> {
    const { body } = request;
    const { inquiryId } = parseExtendInfo(body.extendInfo);
    const order = await this.commands
      .execute(
        new CreateOrder(
          {
            requestId: body.requestId,
            productId: body.productId,
            destination: destinationOf(body.destinationInfo),
            danaSellingPrice: parseMoney(body.danaSellingPrice),
            ...(typeof inquiryId === 'string' ? { inquiryId } : {}),
          },
          request.head.reqMsgId,
        ),
      )
      .catch(rethrowUnplaced);
    return { order: toDanaOrder(order) };
  }
}

/** An order the event store failed to place is answered as such, signed (docs/dana-protocol.md §1.7). */
function rethrowUnplaced(error: unknown): never {
  if (error instanceof OrderNotStored) throw new DanaProtocolException('ORDER_NOT_STORED', error.message);
  if (error instanceof OrderPlacementInDoubt)
    throw new DanaProtocolException('ORDER_IN_DOUBT', error.message);
  throw error;
}
