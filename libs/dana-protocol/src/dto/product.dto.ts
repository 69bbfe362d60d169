import { RequiredBoolean, RequiredObject, RequiredText } from '../validation/field-rules';
import { MoneyDto } from './money.dto';
import type { DanaProduct } from './wire.types';

/** A product as kios lists it and as it appears inside orders (docs/dana-protocol.md §3.0). */
export class ProductDto implements DanaProduct {
  @RequiredText(1, 64)
  productId!: string;

  @RequiredText(1, 32)
  type!: string;

  // Empty for the biz types that have no provider (WATER, EDUCATION, INTERNET; docs/dana-protocol.md §4.2).
  @RequiredText(0, 32)
  provider!: string;

  @RequiredObject(() => MoneyDto)
  price!: MoneyDto;

  @RequiredBoolean()
  availability!: boolean;
}
