import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '@kios/dana-protocol';
import { AggregateRepository, EVENT_STORE, type EventStore } from '@kios/event-store';
import { eventMetadata } from '../application/event-metadata';
import { orderDecider } from '../order/order.decider';
import { orderStream } from '../order/order.events';
import { RetryOrderCallback } from './retry-order-callback.command';

/**
 * Records the operator's retry request through the order decider (CallbackRetryRequested); the
 * callback_outbox projection then shows the callback due and the callback dispatcher sends it.
 */
@CommandHandler(RetryOrderCallback)
export class RetryOrderCallbackHandler implements ICommandHandler<RetryOrderCallback, void> {
  private readonly orders: AggregateRepository;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.orders = new AggregateRepository(store);
  }

  async execute({ requestId, requestedBy, commandId }: RetryOrderCallback): Promise<void> {
    const now = this.clock.now();
    await this.orders.handle(
      orderStream(requestId),
      orderDecider,
      (state) =>
        orderDecider.decide({ type: 'RequestCallbackRetry', data: { requestId, requestedBy, now } }, state),
      eventMetadata({ correlationId: commandId, causationId: commandId }, now),
    );
  }
}
