import { setTimeout as pause } from 'node:timers/promises';
import type { Logger } from '@nestjs/common';
import type { Product } from '@kios/catalog';
import { type Clock, formatDanaTime } from '@kios/dana-protocol';
import {
  AggregateRepository,
  type DomainEvent,
  type EventSourcedDecider,
  type EventStore,
} from '@kios/event-store';
import type { PurchaseOutcome } from '@kios/fulfillment';
import { type Causation, eventMetadata } from '../application/event-metadata';
import { noteSale, saleOf, type SaleObserver } from '../margins/sales';
import { orderDecider } from '../order/order.decider';
import { orderStream } from '../order/order.events';
import type { OrderState } from '../order/order.state';
import { type SupplierNewsVerdict, verdictOnSupplierNews } from './supplier-news';
import type { SupplierReferences, SupplierWebhookSettings } from './supplier-references';

/**
 * What a supplier's webhook or callback came to:
 * - duplicate: this delivery was received before; nothing changes
 * - unknown_reference: no order of kios's under the ref_id; nothing recorded on an order
 * - recorded: the order moved forward (its outcome, or a reversal: `reversed`)
 * - ignored: the order is where the news leaves it; `why` says so
 */
export type SupplierNewsResult =
  | { result: 'duplicate'; deliveryId: string }
  | { result: 'unknown_reference'; deliveryId: string }
  | { result: 'recorded'; deliveryId: string; requestId: string; recorded: string[]; reversed: boolean }
  | { result: 'ignored'; deliveryId: string; requestId: string; why: string };

/** One verified delivery of a supplier's news about a transaction, in the words every supplier shares. */
export interface SupplierDelivery<Command, Event extends DomainEvent, State> {
  /** The supplier as operators know it, for logs and alerts: `Digiflazz`, `IAK`. */
  supplier: string;
  deliveryId: string;
  /** What the log calls this delivery. */
  about: string;
  refId: string;
  rc: string;
  message: string;
  /** What the news says for the order's product (the product decides a receipt such as a PLN token). */
  outcomeFor(product: Pick<Product, 'delivery'>): PurchaseOutcome;
  /** The delivery's own stream, recorded once by its decider (appended expecting no stream). */
  record: {
    stream: string;
    decider: EventSourcedDecider<Command, Event, State>;
    command(now: Date): Command;
  };
}

/** What the recorder reads of any delivery besides its own record. */
type AnyDelivery = Omit<SupplierDelivery<unknown, DomainEvent, unknown>, 'record'>;

/** A product whose receipt is its serial number alone: the reading of news about an order kios has no product for. */
const SERIAL_ONLY = { delivery: 'serial' } as const;

/**
 * Records a supplier's webhook or callback (docs/digiflazz.md §6, docs/iak.md §6): what it says on the
 * order kios sent under its ref_id, through the order decider (verdictOnSupplierNews), then the
 * delivery on a stream of its own. A delivery already on record is a repeat and changes nothing.
 * The order comes first so that a crash between the two appends loses nothing: the supplier's next
 * copy finds no record and is applied again, and the order decider records nothing twice.
 */
export class SupplierNewsRecorder {
  private readonly repository: AggregateRepository;

  constructor(
    private readonly store: EventStore,
    private readonly references: SupplierReferences,
    private readonly clock: Clock,
    private readonly settings: SupplierWebhookSettings,
    private readonly logger: Logger,
    /** Told of a success the news records, as Create Order's and the follow-up's are (counted, a cost breach alerted). */
    private readonly sales?: SaleObserver,
  ) {
    this.repository = new AggregateRepository(store);
  }

  async record<Command, Event extends DomainEvent, State>(
    delivery: SupplierDelivery<Command, Event, State>,
  ): Promise<SupplierNewsResult> {
    const { deliveryId, about } = delivery;
    const duplicate = { result: 'duplicate', deliveryId } as const;
    if ((await this.store.readStream(delivery.record.stream, { maxCount: 1 })).length > 0) {
      this.logger.log(`${about} was received before: nothing changes`);
      return duplicate;
    }
    const requestId = await this.orderUnder(delivery.refId);
    const onOrder: SupplierNewsResult =
      requestId === undefined
        ? this.unknownReference(delivery)
        : await this.recordOnOrder(requestId, delivery);
    const now = this.clock.now();
    const { decider } = delivery.record;
    const recorded = await this.repository.handle(
      delivery.record.stream,
      decider,
      (state) => decider.decide(delivery.record.command(now), state),
      eventMetadata({ correlationId: deliveryId, causationId: deliveryId }, now),
    );
    // A copy racing this one recorded the delivery first; whichever moved the order says so.
    if (recorded.newEvents.length === 0 && onOrder.result !== 'recorded') return duplicate;
    return onOrder;
  }

  private unknownReference({ about, deliveryId }: AnyDelivery): SupplierNewsResult {
    // Suppliers do not retry their news: an order kios did send is still settled by its follow-up's status checks.
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

  private async recordOnOrder(requestId: string, delivery: AnyDelivery): Promise<SupplierNewsResult> {
    const { deliveryId, about } = delivery;
    let verdict: SupplierNewsVerdict | undefined;
    let before: OrderState | undefined;
    const decide = (state: OrderState) => {
      before = state;
      const product = state.status === 'none' ? SERIAL_ONLY : (state.order.product ?? SERIAL_ONLY);
      const news = { outcome: delivery.outcomeFor(product), rc: delivery.rc, message: delivery.message };
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
    if (before) noteSale(saleOf(before, handled.state), this.sales, this.logger);
    const reversed = recorded.includes('FulfilmentReversed');
    if (reversed) this.alertReversal(handled.state, delivery);
    else this.logger.log(`order ${requestId}: ${about} recorded ${recorded.join(', ')}`);
    return { result: 'recorded', deliveryId, requestId, recorded, reversed };
  }

  /** The order's story began with DANA's request; the delivery caused what is recorded now. */
  private async causation(requestId: string, deliveryId: string): Promise<Causation> {
    const [first] = await this.store.readStream(orderStream(requestId), { maxCount: 1 });
    const correlationId = first?.metadata.correlationId;
    return {
      correlationId: typeof correlationId === 'string' ? correlationId : deliveryId,
      causationId: deliveryId,
    };
  }

  private alertReversal(state: OrderState, { supplier, rc, message }: AnyDelivery): void {
    if (state.status !== 'succeeded') return;
    const { order, fulfilment, receipt } = state;
    const said = message ? ` (${message})` : '';
    this.logger.error(
      `OPERATOR ALERT: order ${order.requestId} (orderId ${order.orderId}, supplier reference ` +
        `${fulfilment.supplierRef}) placed ${formatDanaTime(order.createdAt)} was answered SUCCESS to DANA ` +
        `with serial number ${receipt.serialNumber}, but ${supplier} now reports rc ${rc}${said}: ` +
        'the purchase was reversed. DANA keeps SUCCESS; settle it with the supplier and DANA by hand.',
    );
  }
}
