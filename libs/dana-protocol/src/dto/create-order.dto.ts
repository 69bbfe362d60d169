import { OptionalStringOrObject, RequiredObject, RequiredText } from '../validation/field-rules';
import { DestinationInfoDto } from './destination-info.dto';
import { MoneyDto } from './money.dto';
import { OrderDto } from './order.dto';
import type { OrderBody } from './wire.types';

/** docs/dana-protocol.md §3.3 request body. */
export class CreateOrderBodyDto {
  @RequiredText(1, 64)
  requestId!: string;

  @RequiredText(1, 64)
  productId!: string;

  @RequiredObject(() => DestinationInfoDto)
  destinationInfo!: DestinationInfoDto;

  @RequiredObject(() => MoneyDto)
  danaSellingPrice!: MoneyDto;

  /** Read it with `parseExtendInfo`. */
  @OptionalStringOrObject()
  extendInfo?: string | Record<string, unknown>;
}

/** docs/dana-protocol.md §3.3 response body. */
export class CreateOrderResponseBodyDto implements OrderBody {
  @RequiredObject(() => OrderDto)
  order!: OrderDto;
}
