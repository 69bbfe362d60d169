import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { SUPPLIER_REFERENCES, SupplierWebhookModule } from '@kios/ordering';
import { OrderDetailReadModel } from '@kios/projections';
import { DataSource } from 'typeorm';
import type { KiosConfig } from '../config/kios-config';
import { DigiflazzWebhookController } from './digiflazz-webhook.controller';
import { DigiflazzWebhookReceiver } from './digiflazz-webhook.receiver';

/** Orders by the reference kios gave the supplier, from the `order_detail` read model (indexed). */
@Module({
  providers: [
    {
      provide: SUPPLIER_REFERENCES,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new OrderDetailReadModel(dataSource),
    },
  ],
  exports: [SUPPLIER_REFERENCES],
})
class SupplierReferencesModule {}

/**
 * What suppliers call on kios: Digiflazz's webhook (docs/digiflazz.md §6). Mounted only when kios buys
 * from Digiflazz, so with the simulator `/suppliers/…` does not exist (404).
 */
@Module({})
export class SuppliersModule {
  static forRoot(config: Pick<KiosConfig, 'digiflazz'>): DynamicModule {
    if (!config.digiflazz) return { module: SuppliersModule };
    return {
      module: SuppliersModule,
      imports: [CqrsModule, SupplierWebhookModule.register({ imports: [SupplierReferencesModule] })],
      controllers: [DigiflazzWebhookController],
      providers: [DigiflazzWebhookReceiver],
    };
  }
}
