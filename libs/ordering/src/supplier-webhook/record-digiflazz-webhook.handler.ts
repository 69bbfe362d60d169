import { setTimeout as pause } from 'node:timers/promises';
import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock, formatDanaTime } from '@kios/dana-protocol';
import { AggregateRepository, EVENT_STORE, type EventStore } from '@kios/event-store';
import { type DigiflazzWebhook, outcomeOfDigiflazzWebhook } from '@kios/fulfillment';
import { type Causation, eventMetadata } from '../application/event-metadata';
import { orderDecider } from '../order/order.decider';
import { orderStream } from '../order/order.events';
import type { OrderState } from '../order/order.state';
import { digiflazzDeliveryDecider, digiflazzWebhookStream } from './digiflazz-delivery';
import { type DigiflazzWebhookResult, RecordDigiflazzWebhook } from './record-digiflazz-webhook.command';
import { type SupplierNewsVerdict, verdictOnSupplierNews } from './supplier-news';
import {
  SUPPLIER_REFERENCES,
  SUPPLIER_WEBHOOK_SETTINGS,
  type SupplierReferences,
  type SupplierWebhookSettings,
} from './supplier-references';

/** A product whose receipt is its serial number alone: the reading of news about an order kios has no product for. */
const SERIAL_ONLY = { delivery: 'serial' } as const;

/**
 * Records a Digiflazz webhook (docs/digiflazz.md §6): what it says on the order kios sent under its
 * ref_id, through the order decider (verdictOnSupplierNews), then the delivery on a stream of its
 * own (expecting no stream). A delivery already on record is a repeat and changes nothing. The order
 * comes first so that a crash between the two appends loses nothing: Digiflazz's next copy of the
 * delivery finds no record and is applied again, and the order decider records nothing twice.
 */
@CommandHandler(RecordDigiflazzWebhook)
export class RecordDigiflazzWebhookHandler implements ICommandHandler<RecordDigiflazzWebhook> {
  private readonly logger = new Logger('DigiflazzWebhook');
  private readonly repository: AggregateRepository;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SUPPLIER_REFERENCES) private readonly references: SupplierReferences,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SUPPLIER_WEBHOOK_SETTINGS) private readonly settings: SupplierWebhookSettings,
  ) {
    this.repository = new AggregateRepository(store);
  }

  async execute({ webhook, deliveryId }: RecordDigiflazzWebhook): Promise<DigiflazzWebhookResult> {
    const about = `Digiflazz webhook ${deliveryId} (${webhook.event}, ref_id ${webhook.refId}, rc ${webhook.rc})`;
    const duplicate = { result: 'duplicate', deliveryId } as const;
    if ((await this.store.readStream(digiflazzWebhookStream(deliveryId), { maxCount: 1 })).length > 0) {
      this.logger.log(`${about} was received before: nothing changes`);
      return duplicate;
    }
    const requestId = await this.orderUnder(webhook.refId);
    const onOrder: DigiflazzWebhookResult =
      requestId === undefined
        ? this.unknownReference(about, deliveryId)
        : await this.recordOnOrder(requestId, webhook, deliveryId, about);
    const delivery = await this.repository.handle(
      digiflazzWebhookStream(deliveryId),
      digiflazzDeliveryDecider,
      (state) =>
        digiflazzDeliveryDecider.decide(
          { type: 'ReceiveDigiflazzWebhook', data: { deliveryId, webhook, now: this.clock.now() } },
          state,
        ),
      eventMetadata({ correlationId: deliveryId, causationId: deliveryId }, this.clock.now()),
    );
    // A copy racing this one recorded the delivery first; whichever moved the order says so.
    if (delivery.newEvents.length === 0 && onOrder.result !== 'recorded') return duplicate;
    return onOrder;
  }

  private unknownReference(about: string, deliveryId: string): DigiflazzWebhookResult {
    // Digiflazz does not retry a webhook: an order kios did send is still settled by its follow-up's status checks.
    this.logger.warn(
      `${about}: kios has no order under that ref_id; nothing recorded on an order. ` +
        'The follow-up still settles every order kios sent by its status checks.',
    );
    return { result: 'unknown_reference', deliveryId };
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
    webhook: DigiflazzWebhook,
    deliveryId: string,
    about: string,
  ): Promise<DigiflazzWebhookResult> {
    let verdict: SupplierNewsVerdict | undefined;
    const decide = (state: OrderState) => {
      // The product decides the receipt (a PLN token); an order without one keeps the serial number.
      const product = state.status === 'none' ? SERIAL_ONLY : (state.order.product ?? SERIAL_ONLY);
      const news = {
        outcome: outcomeOfDigiflazzWebhook(webhook, product),
        rc: webhook.rc,
        message: webhook.answer.message,
      };
      verdict = verdictOnSupplierNews(state, news, this.clock.now());
      return verdict.verdict === 'record' ? orderDecider.decide(verdict.command, state) : [];
    };
    const handled = await this.repository.handle(
      orderStream(requestId),
      orderDecider,
      decide,
      eventMetadata(await this.causation(requestId, deliveryId), this.clock.now()),
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
    if (reversed) this.alertReversal(handled.state, webhook);
    else this.logger.log(`order ${requestId}: ${about} recorded ${recorded.join(', ')}`);
    return { result: 'recorded', deliveryId, requestId, recorded, reversed };
  }

  /** The order's story began with DANA's request; the webhook's delivery caused what is recorded now. */
  private async causation(requestId: string, deliveryId: string): Promise<Causation> {
    const [first] = await this.store.readStream(orderStream(requestId), { maxCount: 1 });
    const correlationId = first?.metadata.correlationId;
    return {
      correlationId: typeof correlationId === 'string' ? correlationId : deliveryId,
      causationId: deliveryId,
    };
  }

  private alertReversal(state: OrderState, webhook: DigiflazzWebhook): void {
    if (state.status !== 'succeeded') return;
    const { order, fulfilment, receipt } = state;
    const message = webhook.answer.message ? ` (${webhook.answer.message})` : '';
    this.logger.error(
      `OPERATOR ALERT: order ${order.requestId} (orderId ${order.orderId}, supplier reference ` +
        `${fulfilment.supplierRef}) placed ${formatDanaTime(order.createdAt)} was answered SUCCESS to DANA ` +
        `with serial number ${receipt.serialNumber}, but Digiflazz now reports rc ${webhook.rc}${message}: ` +
        'the purchase was reversed. DANA keeps SUCCESS; settle it with the supplier and DANA by hand.',
    );
  }
}
