import { type DynamicModule, type ModuleMetadata, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ListProductsHandler } from './list-products.handler';

/** The catalog queries on the QueryBus: ListProducts. `imports` must provide PRODUCT_LIST. */
@Module({})
export class CatalogQueriesModule {
  static forRoot(imports: NonNullable<ModuleMetadata['imports']>): DynamicModule {
    return {
      module: CatalogQueriesModule,
      imports: [CqrsModule, ...imports],
      providers: [ListProductsHandler],
    };
  }
}
