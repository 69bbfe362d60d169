import { RequiredObject } from '../validation/field-rules';
import { CompletedOrderDto } from './order.dto';

/** docs/dana-protocol.md §3.5 request body (kios → DANA). */
export class OrderCompleteBodyDto {
  @RequiredObject(() => CompletedOrderDto)
  orders!: CompletedOrderDto;
}
