import {
  OptionalAnyText,
  OptionalObject,
  RequiredDanaTime,
  RequiredObject,
  RequiredText,
} from '../validation/field-rules';
import { DestinationInfoDto } from './destination-info.dto';
import { ProductDto } from './product.dto';
import { StatusDto } from './status.dto';
import type { DanaCompletedOrder, DanaOrder, DanaOrderNotFound } from './wire.types';

/** The fields every order object carries (docs/dana-protocol.md §3.3 response, §3.5 callback). */
abstract class OrderFieldsDto {
  @RequiredText(1, 64)
  requestId!: string;

  @RequiredText(1, 64)
  orderId!: string;

  @RequiredDanaTime()
  createdTime!: string;

  @RequiredDanaTime()
  modifiedTime!: string;

  @RequiredObject(() => DestinationInfoDto)
  destinationInfo!: DestinationInfoDto;

  @RequiredObject(() => StatusDto)
  orderStatus!: StatusDto;

  @OptionalAnyText()
  serialNumber?: string;

  @OptionalAnyText()
  token?: string;

  // JSON text with the biller amounts (docs/dana-protocol.md §3.3).
  @OptionalAnyText()
  extendInfo?: string;
}

/** `order` of the Create Order response and a known order in Get Order Detail (docs/dana-protocol.md §3.3, §3.4). */
export class OrderDto extends OrderFieldsDto implements DanaOrder {
  @RequiredObject(() => ProductDto)
  product!: ProductDto;
}

/** Get Order Detail's stub for a requestId kios never saw (docs/dana-protocol.md §3.4). */
export class OrderNotFoundDto implements DanaOrderNotFound {
  @RequiredText(1, 64)
  requestId!: string;

  @RequiredObject(() => StatusDto)
  orderStatus!: StatusDto;
}

/** `orders` of the Order Complete Callback: one object, not an array (docs/dana-protocol.md §3.5). */
export class CompletedOrderDto extends OrderFieldsDto implements DanaCompletedOrder {
  @RequiredText(1, 64)
  partnerId!: string;

  @RequiredText(1, 64)
  aggregatorId!: string;

  @OptionalObject(() => ProductDto)
  product?: ProductDto;
}
