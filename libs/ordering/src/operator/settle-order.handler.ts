import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '@kios/dana-protocol';
import { AggregateRepository, EVENT_STORE, type EventStore } from '@kios/event-store';
import { eventMetadata } from '../application/event-metadata';
import { orderDecider } from '../order/order.decider';
import { orderStream } from '../order/order.events';
import { isFinal } from '../order/order.state';
import { SettleOrder, type SettlementResult } from './settle-order.command';

/**
 * Records an operator's settlement through the order decider (FulfilmentSettledByOperator, then
 * OrderSucceeded or OrderFailed). From there the order is final like any other: the projections
 * show it, and the callback dispatcher sends the Order Complete Callback DANA is owed.
 */
@CommandHandler(SettleOrder)
export class SettleOrderHandler implements ICommandHandler<SettleOrder, SettlementResult> {
  private readonly orders: AggregateRepository;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.orders = new AggregateRepository(store);
  }

  async execute({
    requestId,
    outcome,
    settledBy,
    evidence,
    commandId,
  }: SettleOrder): Promise<SettlementResult> {
    const now = this.clock.now();
    const { state } = await this.orders.handle(
      orderStream(requestId),
      orderDecider,
      (current) =>
        orderDecider.decide(
          { type: 'SettleByOperator', data: { requestId, settledBy, outcome, evidence, now } },
          current,
        ),
      eventMetadata({ correlationId: commandId, causationId: commandId }, now),
    );
    return { status: outcome.status, callbackOwed: isFinal(state) && state.callback.status === 'owed' };
  }
}
