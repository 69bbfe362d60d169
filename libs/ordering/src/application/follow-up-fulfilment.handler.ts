import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock, formatDanaTime } from '@kios/dana-protocol';
import { AggregateRepository, EVENT_STORE, type EventStore } from '@kios/event-store';
import { SUPPLIER, type Supplier } from '@kios/fulfillment';
import type { OrderCommand } from '../order/order.commands';
import { orderDecider } from '../order/order.decider';
import { orderStream } from '../order/order.events';
import { type InFlightOrder, isInFlight, type OrderState } from '../order/order.state';
import { decideInSequence } from './decide-in-sequence';
import { type Causation, eventMetadata } from './event-metadata';
import { FollowUpFulfilment, type FollowUpResult } from './follow-up-fulfilment.command';
import { ORDERING_SETTINGS, type OrderingSettings } from './ordering.settings';
import { recordOutcome } from './purchase-commands';
import { withinDeadline } from './supplier-deadline';

/**
 * Follows an order the supplier has not settled: status checks with the reference stored before the
 * first call, so nothing is ever bought twice; a purchase is repeated (same reference) only when the
 * supplier says it never saw that reference. Past the horizon an operator is asked; no outcome is
 * ever guessed.
 */
@CommandHandler(FollowUpFulfilment)
export class FollowUpFulfilmentHandler implements ICommandHandler<FollowUpFulfilment> {
  private readonly logger = new Logger('FulfilmentFollowUp');
  private readonly repository: AggregateRepository;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(SUPPLIER) private readonly supplier: Supplier,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ORDERING_SETTINGS) private readonly settings: OrderingSettings,
  ) {
    this.repository = new AggregateRepository(store);
  }

  async execute({ requestId, causation }: FollowUpFulfilment): Promise<FollowUpResult> {
    let { state } = await this.repository.load(orderStream(requestId), orderDecider);
    if (state.status === 'requested') {
      // Create Order recorded no answer within its budget: kios stopped mid-call, or could not write.
      // DANA got no final status from it, so it is PENDING to DANA and owed a callback.
      const now = this.clock.now();
      state = await this.apply(requestId, causation, [
        {
          type: 'MarkInDoubt',
          data: { requestId, reason: 'Create Order recorded no supplier answer within its budget', now },
        },
        { type: 'MarkPending', data: { requestId, now } },
      ]);
    }
    if (!isInFlight(state)) return result(state);

    const commands = await this.askSupplier(state);
    const flagging = commands.length === 0 && this.pastHorizon(state) && !state.order.flaggedForOperator;
    if (flagging) commands.push(this.flag(state));
    if (commands.length > 0) state = await this.apply(requestId, causation, commands);
    if (flagging && isInFlight(state)) this.alertOperator(state);
    return result(state);
  }

  private async askSupplier({ order, fulfilment }: InFlightOrder): Promise<OrderCommand[]> {
    const { requestId } = order;
    const { supplierRef, destination } = fulfilment;
    const status = await withinDeadline(
      this.supplier.checkStatus(supplierRef),
      this.settings.supplierBudgetMs,
    );
    if (!status.answered) {
      this.logger.warn(`order ${requestId}: status check of ${supplierRef} failed: ${status.reason}`);
      return [];
    }
    const outcome = status.value;
    switch (outcome.status) {
      case 'pending':
        return [];
      case 'succeeded':
      case 'failed':
        return [recordOutcome(requestId, outcome, this.clock.now())];
      case 'unknown': {
        // The supplier never saw this reference, so it bought nothing: the call never reached it.
        const purchase = await withinDeadline(
          this.supplier.purchase({ product: order.product!, destination, supplierRef }),
          this.settings.supplierBudgetMs,
        );
        if (!purchase.answered || purchase.value.status === 'pending') return [];
        return [recordOutcome(requestId, purchase.value, this.clock.now())];
      }
    }
  }

  private pastHorizon({ order }: InFlightOrder): boolean {
    return this.clock.now().getTime() - order.createdAt.getTime() >= this.settings.fulfilmentHorizonMs;
  }

  private flag({ order }: InFlightOrder): OrderCommand {
    const hours = (this.settings.fulfilmentHorizonMs / 3_600_000).toFixed(1);
    return {
      type: 'FlagForOperator',
      data: {
        requestId: order.requestId,
        reason: `no final answer from the supplier ${hours} h after the order was placed`,
        now: this.clock.now(),
      },
    };
  }

  private alertOperator({ order, fulfilment }: InFlightOrder): void {
    this.logger.error(
      `OPERATOR ALERT: order ${order.requestId} (orderId ${order.orderId}, supplier reference ` +
        `${fulfilment.supplierRef}) placed ${formatDanaTime(order.createdAt)} has no final answer from ` +
        'the supplier; settle it with the supplier. kios keeps checking and guesses nothing.',
    );
  }

  private async apply(
    requestId: string,
    causation: Causation,
    commands: OrderCommand[],
  ): Promise<OrderState> {
    const { state } = await this.repository.handle(
      orderStream(requestId),
      orderDecider,
      (current) => decideInSequence(orderDecider, commands, current),
      eventMetadata(causation, this.clock.now()),
    );
    return state;
  }
}

function result(state: OrderState): FollowUpResult {
  return {
    settled: !isInFlight(state),
    flaggedForOperator: state.status !== 'none' && state.order.flaggedForOperator !== undefined,
  };
}
