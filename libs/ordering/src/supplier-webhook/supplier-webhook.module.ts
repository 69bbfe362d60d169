import { type DynamicModule, type ModuleMetadata, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { RecordDigiflazzWebhookHandler } from './record-digiflazz-webhook.handler';
import {
  DEFAULT_SUPPLIER_WEBHOOK_SETTINGS,
  SUPPLIER_WEBHOOK_SETTINGS,
  type SupplierWebhookSettings,
} from './supplier-references';

export interface SupplierWebhookModuleOptions {
  /** Must provide `SUPPLIER_REFERENCES`; `EVENT_STORE` and `CLOCK` come from global modules. */
  imports: NonNullable<ModuleMetadata['imports']>;
  settings?: SupplierWebhookSettings;
}

/** The RecordDigiflazzWebhook command on the CommandBus (docs/digiflazz.md §6). */
@Module({})
export class SupplierWebhookModule {
  static register(options: SupplierWebhookModuleOptions): DynamicModule {
    return {
      module: SupplierWebhookModule,
      imports: [CqrsModule, ...options.imports],
      providers: [
        {
          provide: SUPPLIER_WEBHOOK_SETTINGS,
          useValue: options.settings ?? DEFAULT_SUPPLIER_WEBHOOK_SETTINGS,
        },
        RecordDigiflazzWebhookHandler,
      ],
    };
  }
}
