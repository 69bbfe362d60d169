import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { ListedProduct } from './product';
import { ListProducts, PRODUCT_LIST, type ProductList } from './list-products.query';

@QueryHandler(ListProducts)
export class ListProductsHandler implements IQueryHandler<ListProducts, ListedProduct[]> {
  constructor(@Inject(PRODUCT_LIST) private readonly products: ProductList) {}

  execute({ type, provider }: ListProducts): Promise<ListedProduct[]> {
    return this.products.list({ type, provider });
  }
}
