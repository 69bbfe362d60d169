import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CALLBACK_FAULTS, OrderCallbackModule } from '@kios/ordering';
import { KIOS_CONFIG } from '../config/kios-config';
import { DanaHostModule } from '../dana-host/dana-host.module';
import { CallbackDispatcher } from './callback-dispatcher.service';
import { FaultInjector } from './fault-injection';
import { orderCallbackSettings } from './order-callback-settings';

/** What DeliverOrderCallback needs from kios: DANA's host (DANA_HOST) and the crash points (CALLBACK_FAULTS). */
@Module({
  imports: [DanaHostModule],
  providers: [FaultInjector, { provide: CALLBACK_FAULTS, useExisting: FaultInjector }],
  exports: [DanaHostModule, CALLBACK_FAULTS],
})
class OrderCallbackPortsModule {}

/**
 * The Order Complete Callback (docs/dana-protocol.md §3.5, §5.6): the outbox dispatcher here, the
 * DeliverOrderCallback and RetryOrderCallback handlers from libs/ordering. No HTTP routes.
 */
@Module({
  imports: [
    CqrsModule,
    OrderCallbackModule.forRootAsync({
      imports: [OrderCallbackPortsModule],
      inject: [KIOS_CONFIG],
      useFactory: orderCallbackSettings,
    }),
  ],
  providers: [CallbackDispatcher],
  exports: [CallbackDispatcher],
})
export class CallbacksModule {}
