import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CatalogCommandsModule, CatalogQueriesModule, PRODUCT_LIST } from '@kios/catalog';
import { ProductReadModel } from '@kios/projections';
import { DataSource } from 'typeorm';
import { DanaHostModule } from '../dana-host/dana-host.module';
import { CatalogBootstrap } from './catalog-bootstrap.service';
import { ProductController } from './product.controller';
import { ProductStatusNotifier } from './product-status-notifier.service';

/** The `product` read model behind the catalog's PRODUCT_LIST port, which ListProducts reads. */
@Module({
  providers: [
    {
      provide: PRODUCT_LIST,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new ProductReadModel(dataSource),
    },
  ],
  exports: [PRODUCT_LIST],
})
class ProductReadModelModule {}

/** Get List of Product (docs/dana-protocol.md §3.1), the first-start catalog, and the product status notices to DANA (§3.6). */
@Module({
  imports: [
    CqrsModule,
    CatalogCommandsModule,
    CatalogQueriesModule.forRoot([ProductReadModelModule]),
    DanaHostModule,
  ],
  controllers: [ProductController],
  providers: [CatalogBootstrap, ProductStatusNotifier],
  exports: [ProductStatusNotifier],
})
export class CatalogModule {}
