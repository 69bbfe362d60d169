import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CatalogCommandsModule } from '@kios/catalog';
import { DanaHostModule } from '../dana-host/dana-host.module';
import { CatalogBootstrap } from './catalog-bootstrap.service';
import { ListProductsHandler } from './list-products.query';
import { ProductController } from './product.controller';
import { ProductStatusNotifier } from './product-status-notifier.service';

/** Get List of Product (docs/dana-protocol.md §3.1), the first-start catalog, and the product status notices to DANA (§3.6). */
@Module({
  imports: [CqrsModule, CatalogCommandsModule, DanaHostModule],
  controllers: [ProductController],
  providers: [ListProductsHandler, CatalogBootstrap, ProductStatusNotifier],
})
export class CatalogModule {}
