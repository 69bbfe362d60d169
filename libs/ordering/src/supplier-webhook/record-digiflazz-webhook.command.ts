import { Command } from '@nestjs/cqrs';
import type { DigiflazzWebhook } from '@kios/fulfillment';
import type { SupplierNewsResult } from './supplier-news-recorder';

/** What a webhook came to (SupplierNewsResult). */
export type DigiflazzWebhookResult = SupplierNewsResult;

/**
 * A verified and parsed Digiflazz webhook (docs/digiflazz.md §6) to record: once per `deliveryId`,
 * then on the order kios sent under its ref_id.
 */
export class RecordDigiflazzWebhook extends Command<DigiflazzWebhookResult> {
  constructor(
    readonly webhook: DigiflazzWebhook,
    /** X-Digiflazz-Delivery, or what stands in for it when Digiflazz sent none. */
    readonly deliveryId: string,
  ) {
    super();
  }
}
