import { setTimeout as pause } from 'node:timers/promises';
import { Inject, Logger } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock, formatDanaTime } from '@kios/dana-protocol';
import { AggregateRepository, EVENT_STORE, type EventStore } from '@kios/event-store';
import { type IakCallback, outcomeOfIakCallback } from '@kios/fulfillment';
import {
  eventMetadata,
  orderDecider,
  orderStream,
  type OrderState,
  SUPPLIER_REFERENCES,
  SUPPLIER_WEBHOOK_SETTINGS,
  type SupplierNewsVerdict,
  type SupplierReferences,
  type SupplierWebhookSettings,
  verdictOnSupplierNews,
} from '@kios/ordering';
import { iakCallbackDecider, iakCallbackStream } from './iak-callback-delivery';

/** What a callback came to, in the words Digiflazz's webhook results use (RecordDigiflazzWebhook). */
export type IakCallbackResult =
  | { result: 'duplicate'; deliveryId: string }
  | { result: 'unknown_reference'; deliveryId: string }
  | { result: 'recorded'; deliveryId: string; requestId: string; recorded: string[]; reversed: boolean }
  | { result: 'ignored'; deliveryId: string; requestId: string; why: string };

/** A verified and parsed IAK callback (docs/iak.md §6) to record: once per delivery, then on the order sent under its ref_id. */
export class RecordIakCallback extends Command<IakCallbackResult> {
  constructor(
    readonly callback: IakCallback,
    readonly deliveryId: string,
  ) {
    super();
  }
}

const SERIAL_ONLY = { delivery: 'serial' } as const;

/**
 * Records an IAK callback as Digiflazz's webhooks are recorded (RecordDigiflazzWebhookHandler,
 * docs/digiflazz.md §6): what it says on the order kios sent under its ref_id, through the same
 * verdictOnSupplierNews and order decider, then the delivery on a stream of its own (expecting no
 * stream). The order comes first, so a crash between the two appends loses nothing: IAK's next copy
 * finds no record and is applied again, and the order decider records nothing twice. It lives in the
 * app rather than beside Digiflazz's in libs/ordering only because that lib was being changed by the
 * routing work at the same time (docs/iak.md §6).
 */
@CommandHandler(RecordIakCallback)
export class RecordIakCallbackHandler implements ICommandHandler<RecordIakCallback> {
  private readonly logger = new Logger('IakCallback');
  private readonly repository: AggregateRepository;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SUPPLIER_REFERENCES) private readonly references: SupplierReferences,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SUPPLIER_WEBHOOK_SETTINGS) private readonly settings: SupplierWebhookSettings,
  ) {
    this.repository = new AggregateRepository(store);
  }

  async execute({ callback, deliveryId }: RecordIakCallback): Promise<IakCallbackResult> {
    const about = `IAK callback ${deliveryId} (ref_id ${callback.refId}, rc ${callback.rc})`;
    const duplicate = { result: 'duplicate', deliveryId } as const;
    if ((await this.store.readStream(iakCallbackStream(deliveryId), { maxCount: 1 })).length > 0) {
      this.logger.log(`${about} was received before: nothing changes`);
      return duplicate;
    }
    const requestId = await this.orderUnder(callback.refId);
    let onOrder: IakCallbackResult;
    if (requestId === undefined) {
      this.logger.warn(
        `${about}: kios has no order under that ref_id; nothing recorded on an order. ` +
          'The follow-up still settles every order kios sent by its status checks.',
      );
      onOrder = { result: 'unknown_reference', deliveryId };
    } else {
      onOrder = await this.recordOnOrder(requestId, callback, deliveryId, about);
    }
    const now = this.clock.now();
    const delivery = await this.repository.handle(
      iakCallbackStream(deliveryId),
      iakCallbackDecider,
      (state) =>
        iakCallbackDecider.decide({ type: 'ReceiveIakCallback', data: { deliveryId, callback, now } }, state),
      eventMetadata({ correlationId: deliveryId, causationId: deliveryId }, now),
    );
    // A copy racing this one recorded the delivery first; whichever moved the order says so.
    if (delivery.newEvents.length === 0 && onOrder.result !== 'recorded') return duplicate;
    return onOrder;
  }

  /** The order under `supplierRef`, waiting briefly for the read model to catch up (SupplierWebhookSettings). */
  private async orderUnder(supplierRef: string): Promise<string | undefined> {
    for (const pauseMs of [0, ...this.settings.refLookupPausesMs]) {
      if (pauseMs > 0) await pause(pauseMs);
      const requestId = await this.references.requestIdBySupplierRef(supplierRef);
      if (requestId !== undefined) return requestId;
    }
    return undefined;
  }

  private async recordOnOrder(
    requestId: string,
    callback: IakCallback,
    deliveryId: string,
    about: string,
  ): Promise<IakCallbackResult> {
    let verdict: SupplierNewsVerdict | undefined;
    const decide = (state: OrderState) => {
      // The product decides the receipt (a PLN token); an order without one keeps the serial number.
      const product = state.status === 'none' ? SERIAL_ONLY : (state.order.product ?? SERIAL_ONLY);
      const news = {
        outcome: outcomeOfIakCallback(callback, product),
        rc: callback.rc,
        message: callback.answer.message,
      };
      verdict = verdictOnSupplierNews(state, news, this.clock.now());
      return verdict.verdict === 'record' ? orderDecider.decide(verdict.command, state) : [];
    };
    const [first] = await this.store.readStream(orderStream(requestId), { maxCount: 1 });
    const correlationId = first?.metadata.correlationId;
    const handled = await this.repository.handle(
      orderStream(requestId),
      orderDecider,
      decide,
      eventMetadata(
        {
          correlationId: typeof correlationId === 'string' ? correlationId : deliveryId,
          causationId: deliveryId,
        },
        this.clock.now(),
      ),
    );
    const recorded = handled.newEvents.map((event) => event.type);
    if (verdict?.verdict === 'ignore' || recorded.length === 0) {
      const why = verdict?.verdict === 'ignore' ? verdict.why : 'the order already holds this news';
      const line = `order ${requestId}: ${about} records nothing: ${why}`;
      if (verdict?.verdict === 'ignore' && verdict.notable) this.logger.warn(line);
      else this.logger.log(line);
      return { result: 'ignored', deliveryId, requestId, why };
    }
    const reversed = recorded.includes('FulfilmentReversed');
    if (reversed && handled.state.status === 'succeeded') {
      const { order, fulfilment, receipt } = handled.state;
      this.logger.error(
        `OPERATOR ALERT: order ${order.requestId} (orderId ${order.orderId}, supplier reference ` +
          `${fulfilment.supplierRef}) placed ${formatDanaTime(order.createdAt)} was answered SUCCESS to DANA ` +
          `with serial number ${receipt.serialNumber}, but IAK now reports rc ${callback.rc} ` +
          `(${callback.answer.message}): the purchase was reversed. DANA keeps SUCCESS; settle it by hand.`,
      );
    } else {
      this.logger.log(`order ${requestId}: ${about} recorded ${recorded.join(', ')}`);
    }
    return { result: 'recorded', deliveryId, requestId, recorded, reversed };
  }
}
