import { RequiredObject } from '../validation/field-rules';
import { CompletedOrderDto } from './order.dto';

/** SPEC §3.5 request body (kios → DANA). */
export class OrderCompleteBodyDto {
  @RequiredObject(() => CompletedOrderDto)
  orders!: CompletedOrderDto;
}
