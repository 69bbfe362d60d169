import { type DynamicModule, Module } from '@nestjs/common';
import { OperatorSettlementModule } from '@kios/ordering';
import { OrderIndexReadModel, type Projection } from '@kios/projections';
import { DataSource } from 'typeorm';
import { AdminAccessGuard } from './access/admin-access.guard';
import { AdminSignInController } from './access/admin-sign-in.controller';
import { AdminAuditController } from './admin-audit.controller';
import { AdminExportsController } from './admin-exports.controller';
import { AdminOrderActionsController } from './admin-order-actions.controller';
import { AdminOrdersController } from './admin-orders.controller';
import { AdminProcessorsController } from './admin-processors.controller';
import { AdminProjectionsController } from './admin-projections.controller';
import { ADMIN_PROJECTIONS, AdminRebuilds } from './admin-rebuilds.service';

/**
 * The admin and auditor pages and API under /admin (docs/architecture.md §8), outside the DANA
 * pipeline. Always mounted: people sign in at /admin/sign-in as soon as a user exists
 * (`kios-cli users add`), scripts use KIOS_ADMIN_TOKEN; with neither, nobody gets past
 * AdminAccessGuard, which guards every route but the sign-in page.
 */
@Module({})
export class AdminModule {
  /** `projections`: the read models kios keeps, which status lists and rebuild can rebuild. */
  static forRoot(projections: readonly Projection[]): DynamicModule {
    return {
      module: AdminModule,
      imports: [OperatorSettlementModule],
      controllers: [
        AdminSignInController,
        AdminAuditController,
        AdminOrdersController,
        AdminOrderActionsController,
        AdminProjectionsController,
        AdminProcessorsController,
        AdminExportsController,
      ],
      providers: [
        AdminAccessGuard,
        AdminRebuilds,
        { provide: ADMIN_PROJECTIONS, useValue: projections },
        {
          provide: OrderIndexReadModel,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => new OrderIndexReadModel(dataSource),
        },
      ],
      exports: [AdminAccessGuard],
    };
  }
}
