import { type DynamicModule, Module, type ModuleMetadata } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CallbacksInFlight } from './callbacks-in-flight';
import { DeliverOrderCallbackHandler } from './deliver-order-callback.handler';
import { ORDER_CALLBACK_SETTINGS, type OrderCallbackSettings } from './order-callback.settings';
import { RetryOrderCallbackHandler } from './retry-order-callback.handler';

/**
 * RetryOrderCallback on the CommandBus. It needs only `EVENT_STORE` and `CLOCK` (global modules), so
 * kios-cli, which sends no callback, imports it on its own; kios has it through OrderCallbackModule.
 */
@Module({ imports: [CqrsModule], providers: [RetryOrderCallbackHandler] })
export class CallbackRetryModule {}

export interface OrderCallbackModuleOptions {
  /**
   * Must provide `DANA_HOST` (where the callback is POSTed) and may provide `CALLBACK_FAULTS`;
   * `EVENT_STORE` and `CLOCK` come from global modules.
   */
  imports: NonNullable<ModuleMetadata['imports']>;
  inject?: (string | symbol | (abstract new (...args: never[]) => unknown))[];
  useFactory: (...args: never[]) => OrderCallbackSettings;
}

/**
 * The Order Complete Callback commands (docs/dana-protocol.md §3.5, §5.6) on the CommandBus:
 * DeliverOrderCallback and RetryOrderCallback. Exports CallbacksInFlight, so whoever issues
 * deliveries can skip an order already on the wire and wait for them at shutdown.
 */
@Module({})
export class OrderCallbackModule {
  static forRootAsync(options: OrderCallbackModuleOptions): DynamicModule {
    return {
      module: OrderCallbackModule,
      imports: [CqrsModule, CallbackRetryModule, ...options.imports],
      providers: [
        { provide: ORDER_CALLBACK_SETTINGS, inject: options.inject ?? [], useFactory: options.useFactory },
        CallbacksInFlight,
        DeliverOrderCallbackHandler,
      ],
      exports: [CallbacksInFlight],
    };
  }
}
