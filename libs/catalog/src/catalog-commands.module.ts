import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ImportCatalogHandler } from './import-catalog.handler';
import { SyncSupplierOffersHandler } from './sync-supplier-offers.handler';

/**
 * The catalog commands on the CommandBus: ImportCatalog and SyncSupplierOffers. `EVENT_STORE` and `CLOCK` come from global
 * modules; kios and kios-cli both import it.
 */
@Module({ imports: [CqrsModule], providers: [ImportCatalogHandler, SyncSupplierOffersHandler] })
export class CatalogCommandsModule {}
