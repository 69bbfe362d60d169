import { randomUUID } from 'node:crypto';
import { Inject, Logger, Optional } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock, DANA_HOST, type DanaHostPort, formatDanaTime } from '@kios/dana-protocol';
import { AggregateRepository, EVENT_STORE, type EventStore } from '@kios/event-store';
import { type Causation, eventMetadata } from '../application/event-metadata';
import { orderDecider } from '../order/order.decider';
import {
  type CallbackAbandoned,
  type CallbackAttempted,
  decodeOrderEvent,
  type OrderEvent,
  orderStream,
} from '../order/order.events';
import { evolveOrder, initialOrderState, type OrderState } from '../order/order.state';
import { orderView } from '../order/order.view';
import { decideCallbackResult } from './callback-result';
import { type CallbackVerdict, judgeCallbackAnswer } from './callback-verdict';
import { CallbacksInFlight } from './callbacks-in-flight';
import { completedOrder } from './completed-order';
import { type CallbackDelivery, DeliverOrderCallback } from './deliver-order-callback.command';
import { type DueCallback, dueCallback } from './due-callback';
import { orderCompleteRequest } from './order-complete-request';
import {
  CALLBACK_FAULTS,
  type CallbackFaults,
  ORDER_CALLBACK_SETTINGS,
  type OrderCallbackSettings,
} from './order-callback.settings';

/** The order as its events have it, and what the next write answers to (docs/architecture.md §3 metadata). */
interface LoadedOrder extends Causation {
  state: OrderState;
  /** The reqMsgId of the DANA request the order's story began with. */
  correlationId: string;
  /** The last event: the final status, a failed attempt or the operator's retry request. */
  causationId: string;
}

/**
 * Sends one Order Complete Callback (docs/dana-protocol.md §3.5, §2.6) and records how it went. The order's own
 * events decide whether it is due — never the outbox, which may lag — and the result is appended
 * with the revision just read, through the order decider, so a delivered or abandoned callback is
 * never sent again and the order's final status is the only status ever sent. One delivery per order
 * runs at a time (CallbacksInFlight); DANA's host, the keys and the retry ladder come from the app
 * (DANA_HOST, ORDER_CALLBACK_SETTINGS).
 */
@CommandHandler(DeliverOrderCallback)
export class DeliverOrderCallbackHandler implements ICommandHandler<DeliverOrderCallback, CallbackDelivery> {
  private readonly logger = new Logger('OrderCallback');
  private readonly orders: AggregateRepository;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ORDER_CALLBACK_SETTINGS) private readonly settings: OrderCallbackSettings,
    @Inject(DANA_HOST) private readonly danaHost: DanaHostPort,
    private readonly inFlight: CallbacksInFlight,
    @Optional() @Inject(CALLBACK_FAULTS) private readonly faults?: CallbackFaults,
  ) {
    this.orders = new AggregateRepository(store);
  }

  async execute({ requestId }: DeliverOrderCallback): Promise<CallbackDelivery> {
    const delivery = await this.inFlight.run(requestId, () =>
      this.deliver(requestId).catch((error: unknown): CallbackDelivery => {
        const reason = error instanceof Error ? error.message : String(error);
        this.logger.error(
          `order ${requestId}: Order Complete Callback not settled, will try again: ${reason}`,
        );
        return { requestId, outcome: 'error', reason };
      }),
    );
    return delivery ?? { requestId, outcome: 'in_flight' };
  }

  private async deliver(requestId: string): Promise<CallbackDelivery> {
    const order = await this.load(requestId);
    const due = dueCallback(order.state, this.clock.now());
    if (!due) return { requestId, outcome: 'not_due' };

    const request = orderCompleteRequest(
      completedOrder(orderView(due.order)!, {
        partnerId: this.settings.partnerId,
        aggregatorId: this.settings.aggregatorId,
      }),
      { reqMsgId: randomUUID(), reqTime: this.clock.now() },
      this.settings.merchantPrivateKey,
    );
    this.faults?.reached('crash-before-callback-send');
    const answer = await this.danaHost.post(request);
    this.faults?.reached('crash-after-callback-answer');
    const verdict = judgeCallbackAnswer(answer, request.reqMsgId, this.settings.danaPublicKeys);

    const now = this.clock.now();
    const metadata = {
      ...eventMetadata(order, now),
      // Ties the attempt to DANA's (and dana-sim's) log of the message.
      callbackReqMsgId: request.reqMsgId,
    };
    const { newEvents } = await this.orders.handle(
      orderStream(requestId),
      orderDecider,
      (current) =>
        decideCallbackResult(
          current,
          { requestId, attempt: due.attempt, verdict, now },
          this.settings.retryPolicy,
        ),
      metadata,
    );
    return this.report(due, verdict, newEvents.map(decodeOrderEvent));
  }

  private async load(requestId: string): Promise<LoadedOrder> {
    const events = await this.store.readStream(orderStream(requestId));
    const state = events.reduce(
      (current, event) => evolveOrder(current, decodeOrderEvent(event)),
      initialOrderState,
    );
    return {
      state,
      correlationId: String(events[0]?.metadata.correlationId ?? requestId),
      causationId: events.at(-1)?.id ?? requestId,
    };
  }

  private report(due: DueCallback, verdict: CallbackVerdict, recorded: OrderEvent[]): CallbackDelivery {
    const { requestId } = due.order.order;
    const { attempt } = due;
    const status = due.order.status === 'succeeded' ? 'SUCCESS' : 'FAILED';
    const attempted = recorded.find(
      (event): event is CallbackAttempted => event.type === 'CallbackAttempted',
    );
    const abandoned = recorded.find(
      (event): event is CallbackAbandoned => event.type === 'CallbackAbandoned',
    );
    if (verdict.kind === 'accepted') {
      this.logger.log(
        `order ${requestId}: Order Complete Callback (${status}) delivered on attempt ${attempt}`,
      );
      return { requestId, outcome: 'delivered', attempt };
    }
    if (abandoned) {
      this.logger.error(
        `ALERT order ${requestId}: Order Complete Callback (${status}) abandoned after attempt ${attempt}: ` +
          `${abandoned.data.reason}. An operator must check with DANA; send it again with ` +
          `\`kios-cli callbacks retry ${requestId}\``,
      );
      return { requestId, outcome: 'abandoned', attempt, reason: abandoned.data.reason };
    }
    const next = attempted?.data.nextAttemptAt;
    this.logger.warn(
      `order ${requestId}: Order Complete Callback attempt ${attempt} not accepted: ${verdict.reason}` +
        (next ? `; next attempt at ${formatDanaTime(new Date(next))}` : ''),
    );
    return { requestId, outcome: 'retry_scheduled', attempt, reason: verdict.reason };
  }
}
