import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Product } from '@kios/catalog';
import { ProductReadModel } from '@kios/projections';
import { DataSource } from 'typeorm';

export class ListProducts {
  constructor(
    readonly type: string,
    readonly provider: string | undefined,
  ) {}
}

@QueryHandler(ListProducts)
export class ListProductsHandler implements IQueryHandler<ListProducts, Product[]> {
  private readonly products: ProductReadModel;

  constructor(dataSource: DataSource) {
    this.products = new ProductReadModel(dataSource);
  }

  execute({ type, provider }: ListProducts): Promise<Product[]> {
    return this.products.list({ type, provider });
  }
}
