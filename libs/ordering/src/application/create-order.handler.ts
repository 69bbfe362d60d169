import { randomUUID } from 'node:crypto';
import { Inject, Logger, Optional } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type ProductState } from '@kios/catalog';
import { CLOCK, type Clock } from '@kios/dana-protocol';
import {
  AggregateRepository,
  type AggregateState,
  type Decided,
  EVENT_STORE,
  type EventStore,
} from '@kios/event-store';
import {
  checkDestination,
  SUPPLIER,
  SUPPLIER_ROUTER,
  type DestinationCheck,
  type Supplier,
  type SupplierRouter,
} from '@kios/fulfillment';
import {
  checkInquiryForOrder,
  type InquiryCheck,
  type OrderUsingInquiry,
} from '../inquiry/inquiry-for-order';
import { decideInquiry, inquiryDecider } from '../inquiry/inquiry.decider';
import { InquiryAlreadyConsumed, InquiryExpired, InquiryNotFound } from '../inquiry/inquiry.errors';
import { inquiryStream } from '../inquiry/inquiry.events';
import type { PlaceOrder, Route } from '../order/order.commands';
import { orderDecider } from '../order/order.decider';
import { type OrderEvent, orderStream } from '../order/order.events';
import { isInFlight, type OrderState } from '../order/order.state';
import type { OrderView } from '../order/order.view';
import { CreateOrder, type CreateOrderRequest } from './create-order.command';
import { CurrentProducts } from './current-products';
import { type Causation, causedByRequest, eventMetadata } from './event-metadata';
import { OrderNotStored, OrderPlacementInDoubt } from './order-placement-failure';
import { ORDERING_SETTINGS, type OrderingSettings } from './ordering.settings';
import { OrderPurchase, view } from './order-purchase';
import { SALE_OBSERVER, type SaleObserver } from '../margins/sales';

/** kios's own order id: unique, and no longer than DANA's 64 characters. */
const newOrderId = (): string => `ORD-${randomUUID().replace(/-/g, '').toUpperCase()}`;

const INQUIRY_REFUSALS = [InquiryNotFound, InquiryExpired, InquiryAlreadyConsumed];

/** An order stream that does not exist yet. */
const NO_ORDER_YET: AggregateState<OrderState> = { state: orderDecider.initialState, revision: undefined };

/**
 * Create Order, docs/architecture.md §4: idempotent on requestId, validated, persisted before the supplier
 * is asked, answered within the supplier budget. Concurrent duplicates in this process share the
 * first one's answer; across processes the "no stream" append picks the winner.
 */
@CommandHandler(CreateOrder)
export class CreateOrderHandler implements ICommandHandler<CreateOrder> {
  private readonly logger = new Logger('CreateOrder');
  private readonly repository: AggregateRepository;
  private readonly inFlight = new Map<string, Promise<OrderView>>();
  private readonly purchase: OrderPurchase;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(SUPPLIER) supplier: Supplier,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ORDERING_SETTINGS) private readonly settings: OrderingSettings,
    private readonly products: CurrentProducts,
    /** Absent or answering no route: one supplier, no failover. */
    @Optional() @Inject(SUPPLIER_ROUTER) private readonly router?: SupplierRouter,
    /** Absent: sales are not counted (a test, kios-cli). */
    @Optional() @Inject(SALE_OBSERVER) sales?: SaleObserver,
  ) {
    this.repository = new AggregateRepository(store);
    this.purchase = new OrderPurchase(this.repository, supplier, clock, settings, router, sales);
  }

  execute(command: CreateOrder): Promise<OrderView> {
    const { requestId } = command.request;
    const running = this.inFlight.get(requestId);
    if (running) return running;
    const answer = this.createOrder(command).finally(() => this.inFlight.delete(requestId));
    this.inFlight.set(requestId, answer);
    return answer;
  }

  private async createOrder({ request, reqMsgId }: CreateOrder): Promise<OrderView> {
    const started = this.clock.now();
    const causation = causedByRequest(reqMsgId);
    const existing = await this.orderBeforePlacing(request);
    if (existing.state.status !== 'none') return this.answerRepeat(request.requestId, existing, causation);

    let placed: Decided<OrderState>;
    try {
      placed = await this.place(request, existing, started, causation);
    } catch (error) {
      return this.answerUnplaced(request.requestId, error, causation);
    }
    // The requestId was placed before (an earlier attempt, or another process just now): `placed` is that order.
    if (placed.appended === 0) return this.answerRepeat(request.requestId, placed, causation);
    if (placed.state.status !== 'requested') return view(placed.state); // refused: FAILED, no supplier asked
    return this.purchase.buy(request.requestId, placed, started, causation);
  }

  /**
   * The order PlaceOrder is decided on. An order naming no inquiry is taken to be new without
   * reading its stream — DANA sends a requestId again only when an answer went astray — and its
   * events are appended expecting no stream, so a repeat loses that append and is answered from
   * what the stream holds (decideFromKnownState reads it then): one stream read fewer on every new
   * order. An order naming an inquiry is read first, since placing it may consume the inquiry,
   * which a repeat must not attempt.
   */
  private async orderBeforePlacing(request: CreateOrderRequest): Promise<AggregateState<OrderState>> {
    if (request.inquiryId === undefined) return NO_ORDER_YET;
    return (
      this.repository
        .load(orderStream(request.requestId), orderDecider)
        // Unreadable, the order may exist already (an earlier attempt): neither placed nor failed is true.
        .catch((error: unknown) => {
          throw new OrderPlacementInDoubt(request.requestId, error);
        })
    );
  }

  /** DANA sent a requestId kios knows: the order as it is; still in flight, it is PENDING to DANA from now on. */
  private async answerRepeat(
    requestId: string,
    order: AggregateState<OrderState>,
    causation: Causation,
  ): Promise<OrderView> {
    const { state } = await this.repository.decideFromKnownState(
      orderStream(requestId),
      orderDecider,
      order,
      (current) =>
        isInFlight(current)
          ? orderDecider.decide({ type: 'MarkPending', data: { requestId, now: this.clock.now() } }, current)
          : [],
      eventMetadata(causation, this.clock.now()),
    );
    return view(state);
  }

  /**
   * Placing the order failed (the event store refused, or lost its connection mid-append). What DANA
   * is told rests on the order as read back: stored after all, it is answered as stored (PENDING:
   * the follow-up buys it); absent, nothing happened; unreadable, kios cannot tell and says so.
   */
  private async answerUnplaced(requestId: string, error: unknown, causation: Causation): Promise<OrderView> {
    let order: AggregateState<OrderState>;
    try {
      order = await this.repository.load(orderStream(requestId), orderDecider);
    } catch (readError) {
      this.logger.error(
        `order ${requestId}: placing it failed (${(error as Error).message}) and reading it back failed too ` +
          `(${(readError as Error).message}); answered as in doubt`,
      );
      throw new OrderPlacementInDoubt(requestId, error);
    }
    if (order.state.status === 'none') {
      this.logger.error(
        `order ${requestId}: not placed, the event store failed: ${(error as Error).message}`,
      );
      throw new OrderNotStored(requestId, error);
    }
    this.logger.warn(
      `order ${requestId}: stored although its append reported ${(error as Error).message}; answered as stored`,
    );
    return this.answerRepeat(requestId, order, causation).catch(() => view(order.state));
  }

  /**
   * Decides PlaceOrder once, on the order as read. An order the decision sends to the supplier
   * consumes its inquiry first: an order never holds an inquiry another order can still use. Only
   * when another order took the inquiry (or it expired) since the check is the order decided again,
   * on that refusal.
   */
  private async place(
    request: CreateOrderRequest,
    order: AggregateState<OrderState>,
    now: Date,
    causation: Causation,
  ): Promise<Decided<OrderState>> {
    const product = await this.products.of(request.productId);
    const data: PlaceOrder['data'] = {
      requestId: request.requestId,
      orderId: newOrderId(),
      productId: request.productId,
      product,
      destination: request.destination,
      destinationCheck: destinationCheckFor(product, request),
      danaSellingPrice: request.danaSellingPrice,
      ...optionalRoute(product.status === 'listed' ? this.router?.routeFor(product.product) : undefined),
      now,
    };
    const usage = inquiryUsage(request, product, data.destinationCheck, now);
    const placeOrder = (inquiry?: PlaceOrder['data']['inquiry']): PlaceOrder => ({
      type: 'PlaceOrder',
      data: inquiry === undefined ? data : { ...data, inquiry },
    });
    // Every order records the inquiry DANA named; only a bill-priced one is priced by it, so only its is checked.
    const named = request.inquiryId === undefined ? undefined : { inquiryId: request.inquiryId };
    let command = placeOrder(
      usage ? { inquiryId: usage.inquiryId, check: await this.checkInquiry(usage) } : named,
    );
    let decided = orderDecider.decide(command, order.state);
    if (usage && sendsToSupplier(decided)) {
      const consumed = await this.consumeInquiry(usage, causation);
      if (!consumed.ok) {
        command = placeOrder({ inquiryId: usage.inquiryId, check: consumed });
        decided = orderDecider.decide(command, order.state);
      }
    }
    return this.repository.decideFromKnownState(
      orderStream(request.requestId),
      orderDecider,
      order,
      // The decision made above is for the order as read; when another writer got in first, the
      // repository re-reads and PlaceOrder is decided on what it wrote.
      (state) => (state === order.state ? decided : orderDecider.decide(command, state)),
      eventMetadata(causation, this.clock.now()),
    );
  }

  private async checkInquiry(usage: OrderUsingInquiry): Promise<InquiryCheck> {
    const { state } = await this.repository.load(inquiryStream(usage.inquiryId), inquiryDecider);
    return checkInquiryForOrder(state, usage);
  }

  private async consumeInquiry(usage: OrderUsingInquiry, causation: Causation): Promise<InquiryCheck> {
    try {
      const { state } = await this.repository.handle(
        inquiryStream(usage.inquiryId),
        inquiryDecider,
        (current) =>
          decideInquiry(
            {
              type: 'ConsumeInquiry',
              data: { inquiryId: usage.inquiryId, requestId: usage.requestId, now: usage.now },
            },
            current,
          ),
        eventMetadata(causation, this.clock.now()),
      );
      return checkInquiryForOrder(state, usage);
    } catch (error) {
      // Another order took the inquiry (or it expired) between the check and the consumption.
      if (INQUIRY_REFUSALS.some((refusal) => error instanceof refusal)) {
        return { ok: false, reason: (error as Error).message };
      }
      throw error;
    }
  }
}

const optionalRoute = (route: Route | undefined) => (route === undefined ? {} : { route });

function destinationCheckFor(product: ProductState, request: CreateOrderRequest): DestinationCheck {
  if (product.status === 'unlisted') return { ok: false, reason: `product ${request.productId} is unknown` };
  return checkDestination(product.product, request.destination);
}

/** The inquiry a bill-priced order takes its amount from; fixed-price orders use none. */
function inquiryUsage(
  request: CreateOrderRequest,
  product: ProductState,
  destinationCheck: DestinationCheck,
  now: Date,
): OrderUsingInquiry | undefined {
  if (product.status !== 'listed' || product.product.pricing !== 'bill') return undefined;
  if (request.inquiryId === undefined || !destinationCheck.ok) return undefined;
  return {
    inquiryId: request.inquiryId,
    requestId: request.requestId,
    productId: request.productId,
    destination: destinationCheck.destination,
    amount: request.danaSellingPrice,
    now,
  };
}

/** PlaceOrder's decision accepted the order: it goes to the supplier. */
function sendsToSupplier(decided: OrderEvent[]): boolean {
  return decided.some((event) => event.type === 'FulfilmentRequested');
}
