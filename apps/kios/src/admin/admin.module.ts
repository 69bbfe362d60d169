import { type DynamicModule, Module } from '@nestjs/common';
import { OrderIndexReadModel, type Projection } from '@kios/projections';
import { DataSource } from 'typeorm';
import type { KiosConfig } from '../config/kios-config';
import { AdminAuditController } from './admin-audit.controller';
import { AdminOrdersController } from './admin-orders.controller';
import { AdminProcessorsController } from './admin-processors.controller';
import { AdminProjectionsController } from './admin-projections.controller';
import { ADMIN_PROJECTIONS, AdminRebuilds } from './admin-rebuilds.service';
import { AdminTokenGuard } from './admin-token.guard';

/**
 * The admin and auditor API under /admin (docs/architecture.md §8), outside the DANA pipeline: mounted only
 * when KIOS_ADMIN_TOKEN is set, so without a token it cannot be reached at all.
 */
@Module({})
export class AdminModule {
  /** `projections`: the read models kios keeps, which status lists and rebuild can rebuild. */
  static forRoot(config: Pick<KiosConfig, 'adminToken'>, projections: readonly Projection[]): DynamicModule {
    if (!config.adminToken) return { module: AdminModule };
    return {
      module: AdminModule,
      controllers: [
        AdminAuditController,
        AdminOrdersController,
        AdminProjectionsController,
        AdminProcessorsController,
      ],
      providers: [
        AdminTokenGuard,
        AdminRebuilds,
        { provide: ADMIN_PROJECTIONS, useValue: projections },
        {
          provide: OrderIndexReadModel,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => new OrderIndexReadModel(dataSource),
        },
      ],
    };
  }
}
