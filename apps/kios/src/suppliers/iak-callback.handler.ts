import { Inject, Logger, Optional } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '@kios/dana-protocol';
import { EVENT_STORE, type EventStore } from '@kios/event-store';
import { type IakCallback, outcomeOfIakCallback } from '@kios/fulfillment';
import {
  SALE_OBSERVER,
  type SaleObserver,
  SUPPLIER_REFERENCES,
  SUPPLIER_WEBHOOK_SETTINGS,
  SupplierNewsRecorder,
  type SupplierNewsResult,
  type SupplierReferences,
  type SupplierWebhookSettings,
} from '@kios/ordering';
import { iakCallbackDecider, iakCallbackStream } from './iak-callback-delivery';

/** What a callback came to (SupplierNewsResult). */
export type IakCallbackResult = SupplierNewsResult;

/** A verified and parsed IAK callback (docs/iak.md §6) to record: once per delivery, then on the order sent under its ref_id. */
export class RecordIakCallback extends Command<IakCallbackResult> {
  constructor(
    readonly callback: IakCallback,
    readonly deliveryId: string,
  ) {
    super();
  }
}

/** Records an IAK callback (docs/iak.md §6) on its order, then its delivery once (SupplierNewsRecorder). */
@CommandHandler(RecordIakCallback)
export class RecordIakCallbackHandler implements ICommandHandler<RecordIakCallback> {
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
      new Logger('IakCallback'),
      sales,
    );
  }

  execute({ callback, deliveryId }: RecordIakCallback): Promise<IakCallbackResult> {
    return this.recorder.record({
      supplier: 'IAK',
      deliveryId,
      about: `IAK callback ${deliveryId} (ref_id ${callback.refId}, rc ${callback.rc})`,
      refId: callback.refId,
      rc: callback.rc,
      message: callback.answer.message,
      outcomeFor: (product) => outcomeOfIakCallback(callback, product),
      record: {
        stream: iakCallbackStream(deliveryId),
        decider: iakCallbackDecider,
        command: (now) => ({ type: 'ReceiveIakCallback', data: { deliveryId, callback, now } }),
      },
    });
  }
}
