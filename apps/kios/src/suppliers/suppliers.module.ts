import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import {
  DEFAULT_SUPPLIER_WEBHOOK_SETTINGS,
  SUPPLIER_REFERENCES,
  SUPPLIER_WEBHOOK_SETTINGS,
  SupplierWebhookModule,
} from '@kios/ordering';
import { OrderDetailReadModel } from '@kios/projections';
import { DataSource } from 'typeorm';
import type { KiosConfig } from '../config/kios-config';
import { DigiflazzWebhookController } from './digiflazz-webhook.controller';
import { DigiflazzWebhookReceiver } from './digiflazz-webhook.receiver';
import { IakCallbackController } from './iak-callback.controller';
import { RecordIakCallbackHandler } from './iak-callback.handler';
import { IakCallbackReceiver } from './iak-callback.receiver';

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
 * What suppliers call on kios: Digiflazz's webhook (docs/digiflazz.md §6), IAK's callback
 * (docs/iak.md §6). Each is mounted only when kios buys from that supplier, so with the simulator
 * `/suppliers/…` does not exist (404).
 */
@Module({})
export class SuppliersModule {
  static forRoot(config: Pick<KiosConfig, 'digiflazz' | 'iak'>): DynamicModule {
    const digiflazz: DynamicModule = config.digiflazz
      ? {
          module: SuppliersModule,
          imports: [CqrsModule, SupplierWebhookModule.register({ imports: [SupplierReferencesModule] })],
          controllers: [DigiflazzWebhookController],
          providers: [DigiflazzWebhookReceiver],
        }
      : { module: SuppliersModule };
    if (!config.iak) return digiflazz;
    return {
      ...digiflazz,
      imports: [...(digiflazz.imports ?? []), CqrsModule, SupplierReferencesModule],
      controllers: [...(digiflazz.controllers ?? []), IakCallbackController],
      providers: [
        ...(digiflazz.providers ?? []),
        { provide: SUPPLIER_WEBHOOK_SETTINGS, useValue: DEFAULT_SUPPLIER_WEBHOOK_SETTINGS },
        IakCallbackReceiver,
        RecordIakCallbackHandler,
      ],
    };
  }
}
