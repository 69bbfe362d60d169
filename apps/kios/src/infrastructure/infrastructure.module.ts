import {
  type DynamicModule,
  Global,
  Inject,
  Logger,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { CLOCK, type Clock } from '@kios/dana-protocol';
import { EVENT_STORE, type EventStore, openKiosEventStore } from '@kios/event-store';
import { openReadModel, type Projection } from '@kios/projections';
import { openWhenReachable } from './open-when-reachable';
import { DataSource } from 'typeorm';
import { KIOS_CONFIG, type KiosConfig } from '../config/kios-config';
import { KiosMetrics } from '../observability/metrics/kios-metrics';
import { observeEventStore } from '../observability/metrics/observed-event-store';
import { ProjectionsService, PROJECTIONS } from './projections.service';

const startupLogger = new Logger('Infrastructure');

/**
 * The event store and the read-model database, opened once per process (waiting for them at start,
 * KIOS_STARTUP_WAIT_MS) and closed last on shutdown (after the background processors stopped, see
 * ProcessorsService).
 */
@Global()
@Module({})
export class InfrastructureModule implements OnApplicationShutdown {
  private readonly logger = startupLogger;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModel: DataSource,
  ) {}

  static forRoot(projections: readonly Projection[]): DynamicModule {
    return {
      module: InfrastructureModule,
      providers: [
        { provide: PROJECTIONS, useValue: projections },
        {
          provide: EVENT_STORE,
          inject: [KIOS_CONFIG, CLOCK, { token: KiosMetrics, optional: true }],
          useFactory: async (config: KiosConfig, clock: Clock, metrics?: KiosMetrics) => {
            const store = await openWhenReachable(
              { role: 'event store', url: config.eventStore },
              () => openKiosEventStore(config.eventStore, clock, { sqliteSync: config.sqliteSync }),
              config.startupWaitMs,
              startupLogger,
            );
            return metrics ? observeEventStore(store, metrics) : store;
          },
        },
        {
          provide: DataSource,
          inject: [KIOS_CONFIG],
          useFactory: (config: KiosConfig) =>
            openWhenReachable(
              { role: 'read model', url: config.readModel },
              () => openReadModel(config.readModel, projections),
              config.startupWaitMs,
              startupLogger,
            ),
        },
        ProjectionsService,
      ],
      exports: [EVENT_STORE, DataSource, ProjectionsService],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    if (this.readModel.isInitialized) await this.readModel.destroy();
    this.logger.log('event store and read model closed');
  }
}
