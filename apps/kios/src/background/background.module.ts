import { Module } from '@nestjs/common';
import { CLOCK, type Clock } from '@kios/dana-protocol';
import { openLeaseStore } from '@kios/event-store';
import { AnchorWriter } from '../audit/anchor-writer.service';
import { CallbackDispatcher } from '../callbacks/callback-dispatcher.service';
import { CallbacksModule } from '../callbacks/callbacks.module';
import { CatalogModule } from '../catalog/catalog.module';
import { ProductStatusNotifier } from '../catalog/product-status-notifier.service';
import { KIOS_CONFIG, type KiosConfig } from '../config/kios-config';
import { ProjectionsService } from '../infrastructure/projections.service';
import { FulfilmentFollowUpService } from '../orders/fulfilment-follow-up.service';
import { OrdersModule } from '../orders/orders.module';
import { SupplierSyncService } from '../supplier-sync/supplier-sync.service';
import { SupplierSyncModule } from '../supplier-sync/supplier-sync.module';
import { runsProcessorsHere } from '../roles/kios-role';
import { newLeaseHolder } from './leases/lease-holder';
import type { Processor } from './processor';
import { ProcessorGauges } from './processor-gauges';
import { type LeaseSettings, LEASES, PROCESSORS, ProcessorsService } from './processors.service';

/**
 * Every background processor kios runs, listed once (docs/architecture.md §1 "Background
 * processors"); a process that leaves them to a worker process (its role, §1 "Processes and roles")
 * lists none and asks for no lease.
 */
@Module({
  imports: [CallbacksModule, OrdersModule, CatalogModule, SupplierSyncModule],
  providers: [
    {
      provide: PROCESSORS,
      inject: [
        ProjectionsService,
        CallbackDispatcher,
        FulfilmentFollowUpService,
        ProductStatusNotifier,
        SupplierSyncService,
        AnchorWriter,
        KIOS_CONFIG,
      ],
      useFactory: (
        projections: ProjectionsService,
        callbackDispatcher: CallbackDispatcher,
        fulfilmentFollowUp: FulfilmentFollowUpService,
        productStatusNotifier: ProductStatusNotifier,
        supplierSync: SupplierSyncService,
        anchorWriter: AnchorWriter,
        config: KiosConfig,
      ): Processor[] =>
        runsProcessorsHere(config)
          ? [
              ...projections.processors,
              callbackDispatcher,
              fulfilmentFollowUp,
              ...(config.notifyProductStatus === 'on' ? [productStatusNotifier] : []),
              ...(supplierSync.configured ? [supplierSync] : []),
              anchorWriter,
            ]
          : [],
    },
    {
      provide: LEASES,
      inject: [KIOS_CONFIG, CLOCK, PROCESSORS],
      useFactory: async (
        config: KiosConfig,
        clock: Clock,
        processors: readonly Processor[],
      ): Promise<LeaseSettings> => {
        // With no processor to run there is no lease to share: the in-process store answers nobody.
        const url = processors.length > 0 ? config.eventStore : 'memory:';
        const { store } = await openLeaseStore(url, clock);
        const ttlMs = config.leaseTtlMs;
        return { store, holder: newLeaseHolder(), clock, ttlMs, renewEveryMs: Math.floor(ttlMs / 3) };
      },
    },
    AnchorWriter,
    ProcessorsService,
    ProcessorGauges,
  ],
  exports: [ProcessorsService],
})
export class BackgroundModule {}
