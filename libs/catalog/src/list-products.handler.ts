import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Product } from './product';
import { ListProducts, PRODUCT_LIST, type ProductList } from './list-products.query';

@QueryHandler(ListProducts)
export class ListProductsHandler implements IQueryHandler<ListProducts, Product[]> {
  constructor(@Inject(PRODUCT_LIST) private readonly products: ProductList) {}

  execute({ type, provider }: ListProducts): Promise<Product[]> {
    return this.products.list({ type, provider });
  }
}
