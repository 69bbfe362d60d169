import { Controller } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ListProducts } from '@kios/catalog';
import { type ProductListBody, ProductQueryRequestDto } from '@kios/dana-protocol';
import { toDanaProduct } from '../dana-api/dana-product.mapper';
import { DanaEndpoint, SignedRequest } from '../http/dana-endpoint.decorator';

/** Get List of Product (docs/dana-protocol.md §3.1). */
@Controller()
export class ProductController {
  constructor(private readonly queries: QueryBus) {}

  @DanaEndpoint({ api: 'productQuery', envelope: ProductQueryRequestDto })
  async list(@SignedRequest() { request }: ProductQueryRequestDto): Promise<ProductListBody> {
    const products = await this.queries.execute(new ListProducts(request.body.type, request.body.provider));
    return { products: products.map(toDanaProduct) };
  }
}
