import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CatalogCommandsModule } from '@kios/catalog';
import { SupplierBalanceWatch } from './supplier-balance-watch.service';
import { SupplierSyncService } from './supplier-sync.service';

/**
 * The supplier's price list and deposit, read every KIOS_SUPPLIER_SYNC_INTERVAL (docs/digiflazz.md §7):
 * SUPPLIER_ACCOUNT comes from the global FulfillmentModule, SupplierBalance from ObservabilityModule.
 */
@Module({
  imports: [CqrsModule, CatalogCommandsModule],
  providers: [SupplierSyncService, SupplierBalanceWatch],
  exports: [SupplierSyncService],
})
export class SupplierSyncModule {}
