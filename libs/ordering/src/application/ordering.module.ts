import { type DynamicModule, type ModuleMetadata, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CreateOrderHandler } from './create-order.handler';
import { CurrentProducts } from './current-products';
import { FollowUpFulfilmentHandler } from './follow-up-fulfilment.handler';
import { GetOrderDetailsHandler } from './get-order-details.handler';
import { ORDERING_SETTINGS, type OrderingSettings } from './ordering.settings';
import { RecordDestinationInquiryHandler } from './record-destination-inquiry.handler';
import { ValidateUserHandler } from './validate-user.handler';

export interface OrderingModuleOptions {
  /**
   * Must provide `SUPPLIER` (e.g. FulfillmentModule) and `ORDER_DETAILS` (the order_detail read model);
   * `EVENT_STORE` and `CLOCK` come from global modules.
   */
  imports: NonNullable<ModuleMetadata['imports']>;
  inject?: (string | symbol | (abstract new (...args: never[]) => unknown))[];
  useFactory: (...args: never[]) => OrderingSettings;
}

/**
 * The ordering commands on the CommandBus: RecordDestinationInquiry, CreateOrder, FollowUpFulfilment,
 * ValidateUser; and the GetOrderDetails query on the QueryBus.
 */
@Module({})
export class OrderingModule {
  static forRootAsync(options: OrderingModuleOptions): DynamicModule {
    return {
      module: OrderingModule,
      imports: [CqrsModule, ...options.imports],
      providers: [
        { provide: ORDERING_SETTINGS, inject: options.inject ?? [], useFactory: options.useFactory },
        CurrentProducts,
        CreateOrderHandler,
        RecordDestinationInquiryHandler,
        FollowUpFulfilmentHandler,
        ValidateUserHandler,
        GetOrderDetailsHandler,
      ],
    };
  }
}
