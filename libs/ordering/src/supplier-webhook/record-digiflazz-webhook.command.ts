import { Command } from '@nestjs/cqrs';
import type { DigiflazzWebhook } from '@kios/fulfillment';

/**
 * What a webhook came to:
 * - duplicate: this delivery was received before; nothing changes
 * - unknown_reference: no order of kios's under the ref_id; nothing recorded on an order
 * - recorded: the order moved forward (its outcome, or a reversal: `reversed`)
 * - ignored: the order is where the news leaves it; `why` says so
 */
export type DigiflazzWebhookResult =
  | { result: 'duplicate'; deliveryId: string }
  | { result: 'unknown_reference'; deliveryId: string }
  | { result: 'recorded'; deliveryId: string; requestId: string; recorded: string[]; reversed: boolean }
  | { result: 'ignored'; deliveryId: string; requestId: string; why: string };

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
