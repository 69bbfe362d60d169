import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { supplierSettingsOf } from '@kios/config';
import { FulfillmentModule, type SupplierSettings } from '@kios/fulfillment';
import { ORDER_DETAILS, OrderingModule } from '@kios/ordering';
import { OrderDetailReadModel } from '@kios/projections';
import { DataSource } from 'typeorm';
import { KIOS_CONFIG, type KiosConfig } from '../config/kios-config';
import { CreateOrderController } from './create-order.controller';
import { DestinationInquiryController } from './destination-inquiry.controller';
import { FulfilmentFollowUpService } from './fulfilment-follow-up.service';
import { OrderDetailController } from './order-detail.controller';
import { UserValidateController } from './user-validate.controller';

/** The `order_detail` read model behind ordering's ORDER_DETAILS port, which GetOrderDetails reads first. */
@Module({
  providers: [
    {
      provide: ORDER_DETAILS,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new OrderDetailReadModel(dataSource),
    },
  ],
  exports: [ORDER_DETAILS],
})
class OrderDetailReadModelModule {}

/** Destination Inquiry, Create Order, Get Order Detail and User Validate (docs/dana-protocol.md §3.2–§3.4, §3.7), and the fulfilment follow-up. */
@Module({
  imports: [
    CqrsModule,
    OrderingModule.forRootAsync({
      imports: [
        FulfillmentModule.forRootAsync({
          inject: [KIOS_CONFIG],
          useFactory: (config: KiosConfig): SupplierSettings => supplierSettingsOf(config),
        }),
        OrderDetailReadModelModule,
      ],
      inject: [KIOS_CONFIG],
      useFactory: (config: KiosConfig) => ({
        supplierBudgetMs: config.supplierBudgetMs,
        inquiryValidityMs: config.inquiryExpiryMs,
        fulfilmentHorizonMs: config.fulfilmentHorizonMs,
        // Digiflazz only: the simulator answers about any reference, however old.
        ...(config.digiflazz ? { supplierRefHorizonMs: config.digiflazzRecheckHorizonMs } : {}),
      }),
    }),
  ],
  controllers: [
    DestinationInquiryController,
    CreateOrderController,
    OrderDetailController,
    UserValidateController,
  ],
  providers: [FulfilmentFollowUpService],
  exports: [FulfilmentFollowUpService],
})
export class OrdersModule {}
