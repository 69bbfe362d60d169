import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CatalogCommandsModule } from '@kios/catalog';
import { CLOCK, type Clock } from '@kios/dana-protocol';
import { EVENT_STORE, type EventStore } from '@kios/event-store';
import { CallbackRetryModule, OperatorSettlementModule } from '@kios/ordering';

/**
 * The commands kios-cli writes with, on a CommandBus of its own: the same handlers kios registers
 * (ImportCatalog from libs/catalog, RetryOrderCallback and SettleOrder from libs/ordering), over the
 * store the CLI opened. Nothing else of kios is started: no projection, no supplier, no HTTP.
 */
@Module({})
export class KiosCliModule {
  static forRoot(store: EventStore, clock: Clock): DynamicModule {
    return {
      module: KiosCliModule,
      global: true,
      imports: [CqrsModule.forRoot(), CatalogCommandsModule, CallbackRetryModule, OperatorSettlementModule],
      providers: [
        { provide: EVENT_STORE, useValue: store },
        { provide: CLOCK, useValue: clock },
      ],
      exports: [EVENT_STORE, CLOCK],
    };
  }
}
