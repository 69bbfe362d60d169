import { Controller, Get, Header, Inject, UseFilters, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CLOCK, type Clock } from '@kios/dana-protocol';
import { EVENT_STORE, type EventStore } from '@kios/event-store';
import { describeProcessors, processorDocument } from '@kios/projections';
import { KIOS_CONFIG, type KiosConfig } from '../config/kios-config';
import { ADMIN_AUTH, ADMIN_SECURITY, ADMIN_SESSION_SECURITY, ADMIN_TAG } from './admin-api-docs';
import { AdminExceptionFilter } from './admin-exception.filter';
import { AdminAccessGuard } from './access/admin-access.guard';

/**
 * `kios-cli processors status` over HTTP (docs/architecture.md §1 "Leases"): read from the stores,
 * so any replica (or a process of role api) shows every processor, whichever process runs it.
 */
@ApiTags(ADMIN_TAG)
@ApiBearerAuth(ADMIN_SECURITY)
@ApiCookieAuth(ADMIN_SESSION_SECURITY)
@ApiUnauthorizedResponse({ description: ADMIN_AUTH })
@Controller('admin/processors')
@UseGuards(AdminAccessGuard)
@UseFilters(AdminExceptionFilter)
export class AdminProcessorsController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(KIOS_CONFIG) private readonly config: KiosConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      "Each background processor: the replica holding its lease and until when, the lease's token, checkpoint, lag, pending work",
  })
  @Header('cache-control', 'no-store')
  async status() {
    const { processors, leasesShared } = await describeProcessors({
      store: this.store,
      eventStoreUrl: this.config.eventStore,
      readModelUrl: this.config.readModel,
      clock: this.clock,
      backlog: {
        createOrderBudgetMs: this.config.supplierBudgetMs,
        firstCheckMs: this.config.fulfilmentFirstCheckMs,
      },
    });
    return { leasesShared, processors: processors.map(processorDocument) };
  }
}
