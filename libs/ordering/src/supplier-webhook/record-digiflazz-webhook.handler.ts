import { Inject, Logger, Optional } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '@kios/dana-protocol';
import { EVENT_STORE, type EventStore } from '@kios/event-store';
import { outcomeOfDigiflazzWebhook } from '@kios/fulfillment';
import { SALE_OBSERVER, type SaleObserver } from '../margins/sales';
import { digiflazzDeliveryDecider, digiflazzWebhookStream } from './digiflazz-delivery';
import { type DigiflazzWebhookResult, RecordDigiflazzWebhook } from './record-digiflazz-webhook.command';
import { SupplierNewsRecorder } from './supplier-news-recorder';
import {
  SUPPLIER_REFERENCES,
  SUPPLIER_WEBHOOK_SETTINGS,
  type SupplierReferences,
  type SupplierWebhookSettings,
} from './supplier-references';

/** Records a Digiflazz webhook (docs/digiflazz.md §6) on its order, then its delivery once (SupplierNewsRecorder). */
@CommandHandler(RecordDigiflazzWebhook)
export class RecordDigiflazzWebhookHandler implements ICommandHandler<RecordDigiflazzWebhook> {
  private readonly recorder: SupplierNewsRecorder;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(SUPPLIER_REFERENCES) references: SupplierReferences,
    @Inject(CLOCK) clock: Clock,
    @Inject(SUPPLIER_WEBHOOK_SETTINGS) settings: SupplierWebhookSettings,
    @Optional() @Inject(SALE_OBSERVER) sales?: SaleObserver,
  ) {
    this.recorder = new SupplierNewsRecorder(
      store,
      references,
      clock,
      settings,
      new Logger('DigiflazzWebhook'),
      sales,
    );
  }

  execute({ webhook, deliveryId }: RecordDigiflazzWebhook): Promise<DigiflazzWebhookResult> {
    return this.recorder.record({
      supplier: 'Digiflazz',
      deliveryId,
      about: `Digiflazz webhook ${deliveryId} (${webhook.event}, ref_id ${webhook.refId}, rc ${webhook.rc})`,
      refId: webhook.refId,
      rc: webhook.rc,
      message: webhook.answer.message,
      outcomeFor: (product) => outcomeOfDigiflazzWebhook(webhook, product),
      record: {
        stream: digiflazzWebhookStream(deliveryId),
        decider: digiflazzDeliveryDecider,
        command: (now) => ({ type: 'ReceiveDigiflazzWebhook', data: { deliveryId, webhook, now } }),
      },
    });
  }
}
