import { RequiredArray, RequiredOneOf, RequiredText } from '../validation/field-rules';

/** ProductStatusEnum (docs/dana-protocol.md §4.3). DISCONTINUE is permanent on DANA's side. */
export const ProductStatus = ['AVAILABLE', 'UNAVAILABLE', 'DISCONTINUE'] as const;
export type ProductStatus = (typeof ProductStatus)[number];

/** DANA takes at most this many products per Notify call (docs/dana-protocol.md §3.6). */
export const MAX_PRODUCT_STATUSES_PER_NOTIFY = 10;

export class ProductStatusDto {
  @RequiredText(1, 128)
  productId!: string;

  @RequiredOneOf(ProductStatus)
  productStatus!: ProductStatus;
}

/** docs/dana-protocol.md §3.6 request body (kios → DANA). */
export class NotifyProductStatusBodyDto {
  @RequiredText(1, 64)
  aggregatorId!: string;

  @RequiredArray(() => ProductStatusDto, { min: 1, max: MAX_PRODUCT_STATUSES_PER_NOTIFY })
  productStatusList!: ProductStatusDto[];
}
