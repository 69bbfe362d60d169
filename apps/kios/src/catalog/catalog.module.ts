import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CatalogBootstrap } from './catalog-bootstrap.service';
import { ListProductsHandler } from './list-products.query';
import { ProductController } from './product.controller';

@Module({
  imports: [CqrsModule],
  controllers: [ProductController],
  providers: [ListProductsHandler, CatalogBootstrap],
})
export class CatalogModule {}
