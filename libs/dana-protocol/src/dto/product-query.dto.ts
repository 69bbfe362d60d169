import { OnlyWhen, RequiredArray, RequiredText } from '../validation/field-rules';
import { ProductDto } from './product.dto';
import type { ProductListBody } from './wire.types';

/**
 * Biz types that have no provider: their Get List of Product request carries none (or one to ignore); for every
 * other type `provider` is mandatory (docs/dana-protocol.md §3.1, §4.2).
 */
export const PROVIDERLESS_PRODUCT_TYPES: readonly string[] = ['WATER', 'EDUCATION', 'INTERNET'];

export function requiresProvider(type: unknown): boolean {
  return !(typeof type === 'string' && PROVIDERLESS_PRODUCT_TYPES.includes(type));
}

/** docs/dana-protocol.md §3.1 request body. */
export class ProductQueryBodyDto {
  @RequiredText(1, 32)
  type!: string;

  // "absent/ignored" for providerless types, so it is not checked for them at all.
  @OnlyWhen((body: ProductQueryBodyDto) => requiresProvider(body.type))
  @RequiredText(1, 32, `is required unless type is ${PROVIDERLESS_PRODUCT_TYPES.join(', ')}`)
  provider?: string;
}

/** docs/dana-protocol.md §3.1 response body. */
export class ProductQueryResponseBodyDto implements ProductListBody {
  @RequiredArray(() => ProductDto, { min: 0 })
  products!: ProductDto[];
}
