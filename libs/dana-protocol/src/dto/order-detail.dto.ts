import { plainToInstance, Transform } from 'class-transformer';
import { IsArray, IsDefined, ValidateNested } from 'class-validator';
import { OrderStatus } from '../status-codes';
import { OptionalText, RequiredArray, RequiredText } from '../validation/field-rules';
import { OrderDto, OrderNotFoundDto } from './order.dto';
import type { OrdersBody } from './wire.types';

export class OrderIdentifierDto {
  @RequiredText(1, 64)
  requestId!: string;

  // Absent or null after a Create Order timeout (HARNESS, docs/dana-protocol.md §3.4).
  @OptionalText(1, 64)
  orderId?: string | null;
}

/**
 * kios's cap on one Get Order Detail (DANA documents none, docs/dana-protocol.md §3.4): each order
 * is read, so a longer list is refused (400) rather than read.
 */
export const MAX_ORDERS_PER_QUERY = 100;

/** docs/dana-protocol.md §3.4 request body. */
export class OrderDetailBodyDto {
  @RequiredArray(() => OrderIdentifierDto, { min: 1, max: MAX_ORDERS_PER_QUERY })
  orderIdentifiers!: OrderIdentifierDto[];
}

function isNotFoundStub(order: unknown): boolean {
  const status = (order as { orderStatus?: { code?: unknown } } | null)?.orderStatus;
  return status?.code === OrderStatus.EMPTY.code;
}

/** docs/dana-protocol.md §3.4 response body: full orders, and `40 EMPTY` stubs for unknown requestIds. */
export class OrderDetailResponseBodyDto implements OrdersBody {
  @IsDefined({ message: 'is required' })
  @IsArray({ message: 'must be an array' })
  @ValidateNested({ each: true, message: 'must be an object' })
  // Each element is checked as the shape its status announces.
  @Transform(({ value }) =>
    Array.isArray(value)
      ? value.map((order: unknown) =>
          typeof order === 'object' && order !== null
            ? plainToInstance(isNotFoundStub(order) ? OrderNotFoundDto : OrderDto, order)
            : order,
        )
      : value,
  )
  orders!: (OrderDto | OrderNotFoundDto)[];
}
