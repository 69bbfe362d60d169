import { Query } from '@nestjs/cqrs';
import type { ListedProduct } from './product';

/** Get List of Product (docs/dana-protocol.md §3.1): the products of one type, of one provider when given. */
export class ListProducts extends Query<ListedProduct[]> {
  constructor(
    readonly type: string,
    readonly provider: string | undefined,
  ) {
    super();
  }
}

/**
 * Where ListProducts reads: the `product` read model (libs/projections, which depends on this lib),
 * provided by the app under PRODUCT_LIST.
 */
export interface ProductList {
  list(query: { type: string; provider?: string }): Promise<ListedProduct[]>;
}

export const PRODUCT_LIST = Symbol('PRODUCT_LIST');
