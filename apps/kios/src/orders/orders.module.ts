import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { FulfillmentModule } from '@kios/fulfillment';
import { OrderingModule } from '@kios/ordering';
import { KIOS_CONFIG, type KiosConfig } from '../config/kios-config';
import { CreateOrderController } from './create-order.controller';
import { DestinationInquiryController } from './destination-inquiry.controller';
import { FulfilmentFollowUpService } from './fulfilment-follow-up.service';
import { GetOrderDetailsHandler } from './get-order-details.query';
import { OrderDetailController } from './order-detail.controller';
import { UserValidateController } from './user-validate.controller';

/** Destination Inquiry, Create Order, Get Order Detail and User Validate (docs/dana-protocol.md §3.2–§3.4, §3.7), and the fulfilment follow-up. */
@Module({
  imports: [
    CqrsModule,
    OrderingModule.forRootAsync({
      imports: [
        FulfillmentModule.forRootAsync({
          inject: [KIOS_CONFIG],
          useFactory: (config: KiosConfig) => ({
            kind: config.supplier,
            delayMs: config.simDelayMs,
            purchasesFile: config.simPurchasesFile,
          }),
        }),
      ],
      inject: [KIOS_CONFIG],
      useFactory: (config: KiosConfig) => ({
        supplierBudgetMs: config.supplierBudgetMs,
        inquiryValidityMs: config.inquiryExpiryMs,
        fulfilmentHorizonMs: config.fulfilmentHorizonMs,
      }),
    }),
  ],
  controllers: [
    DestinationInquiryController,
    CreateOrderController,
    OrderDetailController,
    UserValidateController,
  ],
  providers: [GetOrderDetailsHandler, FulfilmentFollowUpService],
})
export class OrdersModule {}
