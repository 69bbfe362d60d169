import { Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CreateOrderRequestDto, type OrderBody, parseExtendInfo, parseMoney } from '@kios/dana-protocol';
import { CreateOrder, toDanaOrder } from '@kios/ordering';
import { DanaEndpoint, SignedRequest } from '../http/dana-endpoint.decorator';
import { destinationOf } from './dana-destination';

/** Create Order (docs/dana-protocol.md §3.3): the new or existing order, answered with HTTP 200 whatever its status. */
@Controller()
export class CreateOrderController {
  constructor(private readonly commands: CommandBus) {}

  @DanaEndpoint({ api: 'createOrder', envelope: CreateOrderRequestDto })
  async create(@SignedRequest() { request }: CreateOrderRequestDto): Promise<OrderBody> {
    const { body } = request;
    const { inquiryId } = parseExtendInfo(body.extendInfo);
    const order = await this.commands.execute(
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
    );
    return { order: toDanaOrder(order) };
  }
}
