import { type DynamicModule, Module } from '@nestjs/common';
import { RouterModule } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { type Clock, systemClock } from '@kios/dana-protocol';
import { kiosProjections } from '@kios/projections';
import type { Logger } from 'pino';
import { AdminModule } from './admin/admin.module';
import { BackgroundModule } from './background/background.module';
import { CallbacksModule } from './callbacks/callbacks.module';
import { CatalogModule } from './catalog/catalog.module';
import { KiosConfigModule } from './config/config.module';
import type { KiosConfig } from './config/kios-config';
import { DanaHttpModule } from './http/dana-http.module';
import { InfrastructureModule } from './infrastructure/infrastructure.module';
import { createKiosLogger } from './observability/logging/kios-logger';
import { ObservabilityModule } from './observability/observability.module';
import { OrdersModule } from './orders/orders.module';
import { startsWorkerProcess } from './roles/kios-role';
import { ForkedWorker } from './roles/worker-fork';
import { WorkerProcess } from './roles/worker-process.service';
import { SupplierSyncModule } from './supplier-sync/supplier-sync.module';
import { SuppliersModule } from './suppliers/suppliers.module';

/** The DANA-facing endpoints, mounted under the configured base path. */
const danaApiModules = [CatalogModule, OrdersModule];

@Module({})
export class KiosModule {
  static forRoot(
    config: KiosConfig,
    clock: Clock = systemClock,
    rootLogger: Logger = createKiosLogger(config),
    /** The worker process main.ts forked already (role all); WorkerProcess forks one otherwise. */
    firstWorker?: ForkedWorker,
  ): DynamicModule {
    return {
      module: KiosModule,
      imports: [
        KiosConfigModule.forRoot(config, clock),
        ObservabilityModule.forRoot(rootLogger),
        CqrsModule.forRoot(),
        InfrastructureModule.forRoot(kiosProjections),
        DanaHttpModule,
        ...danaApiModules,
        RouterModule.register(danaApiModules.map((module) => ({ path: config.basePath, module }))),
        CallbacksModule,
        SuppliersModule.forRoot(config),
        SupplierSyncModule,
        BackgroundModule,
        AdminModule.forRoot(kiosProjections),
      ],
      // Listed after every import, so it starts once this process's stores are open and migrated.
      providers: startsWorkerProcess(config)
        ? [WorkerProcess, ...(firstWorker ? [{ provide: ForkedWorker, useValue: firstWorker }] : [])]
        : [],
    };
  }
}
