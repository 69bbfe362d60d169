import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { KIOS_CONFIG } from '../config/kios-config';
import { DanaHostModule } from '../dana-host/dana-host.module';
import { CallbackDispatcher } from './callback-dispatcher.service';
import { CALLBACK_RETRY_POLICY, callbackRetryPolicy } from './callback-retry-policy';
import { CallbacksInFlight } from './callbacks-in-flight';
import { DeliverOrderCallbackHandler } from './deliver-order-callback.handler';
import { FaultInjector } from './fault-injection';
import { OrderCallbackSaga } from './order-callback.saga';

/** The Order Complete Callback (docs/dana-protocol.md §3.5, §5.6): outbox dispatcher, saga, delivery. No HTTP routes. */
@Module({
  imports: [CqrsModule, DanaHostModule],
  providers: [
    { provide: CALLBACK_RETRY_POLICY, inject: [KIOS_CONFIG], useFactory: callbackRetryPolicy },
    CallbacksInFlight,
    FaultInjector,
    DeliverOrderCallbackHandler,
    OrderCallbackSaga,
    CallbackDispatcher,
  ],
})
export class CallbacksModule {}
