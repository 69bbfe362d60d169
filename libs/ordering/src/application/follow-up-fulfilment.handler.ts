import { Inject, Logger, Optional } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock, formatDanaTime } from '@kios/dana-protocol';
import { AggregateRepository, EVENT_STORE, type EventStore } from '@kios/event-store';
import { SUPPLIER, SUPPLIER_ROUTER, type Supplier, type SupplierRouter } from '@kios/fulfillment';
import type { OrderCommand, Route } from '../order/order.commands';
import { orderDecider } from '../order/order.decider';
import { orderStream } from '../order/order.events';
import { attemptOf, type InFlightOrder, isInFlight, type OrderState } from '../order/order.state';
import { decideInSequence } from './decide-in-sequence';
import { type Causation, eventMetadata } from './event-metadata';
import { FollowUpFulfilment, type FollowUpResult } from './follow-up-fulfilment.command';
import {
  decideFollowUp,
  NOTHING_ASKED,
  type SupplierNews,
  type SupplierQuestion,
} from './fulfilment-follow-up.decision';
import { ORDERING_SETTINGS, type OrderingSettings } from './ordering.settings';
import { withAnsweredPendingAt } from './purchase-request';
import { answerOrInDoubt } from './supplier-deadline';
import { noteSale, SALE_OBSERVER, saleOf, type SaleObserver } from '../margins/sales';

/**
 * Follows an order the supplier has not settled. What to record and what to ask next is
 * decideFollowUp's; this handler reads the order, makes the supplier calls within their deadline,
 * records what was decided and alerts an operator.
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
    /** Absent or answering no route: one supplier, no failover. */
    @Optional() @Inject(SUPPLIER_ROUTER) private readonly router?: SupplierRouter,
    /** Absent: sales are not counted (a test, kios-cli). */
    @Optional() @Inject(SALE_OBSERVER) private readonly sales?: SaleObserver,
  ) {
    this.repository = new AggregateRepository(store);
  }

  async execute({ requestId, causation }: FollowUpFulfilment): Promise<FollowUpResult> {
    let { state } = await this.repository.load(orderStream(requestId), orderDecider);
    let news: SupplierNews = NOTHING_ASKED;
    for (;;) {
      const next = decideFollowUp(state, news, this.clock.now(), {
        ...this.settings,
        route: this.routeFor(state),
      });
      const before = state;
      if (next.record.length > 0) state = await this.record(requestId, causation, next.record);
      if (next.alertOperator === 'past_ref_horizon' && isInFlight(state)) this.alertRefHorizon(state);
      else if (next.alertOperator && isInFlight(state)) this.alertOperator(state);
      // A final failure moved the order to its next offer: that attempt is followed from its start.
      if (movedToNextAttempt(before, state)) {
        news = NOTHING_ASKED;
        continue;
      }
      // Asked only while the order as stored is still in flight: another writer may have settled it.
      if (next.ask === undefined || !isInFlight(state)) return result(state);
      news = await this.ask(requestId, next.ask, state);
    }
  }

  /** Where a final failure could move the order: the route a routed kios has for its product now. */
  private routeFor(state: OrderState): Route | undefined {
    if (state.status === 'none' || state.order.product === undefined) return undefined;
    return this.router?.routeFor(state.order.product);
  }

  private async ask(requestId: string, question: SupplierQuestion, state: OrderState): Promise<SupplierNews> {
    const budget = this.settings.supplierBudgetMs;
    switch (question.ask) {
      case 'status': {
        const { supplierRef } = question.request;
        const request = withAnsweredPendingAt(question.request, state);
        const answer = await answerOrInDoubt(this.supplier.checkStatus(request), budget);
        if (answer.status === 'in_doubt') {
          this.logger.warn(
            `order ${requestId}: status check of ${supplierRef} is in doubt: ${answer.reason}`,
          );
        } else if (answer.status === 'not_found') {
          this.logger.warn(
            `order ${requestId}: the supplier has no transaction ${supplierRef}; buying again under that same reference`,
          );
        }
        return { asked: 'status', answer };
      }
      case 'purchase':
        return {
          asked: 'purchase',
          answer: await answerOrInDoubt(this.supplier.purchase(question.request), budget),
        };
    }
  }

  private alertOperator({ order, fulfilment }: InFlightOrder): void {
    this.logger.error(
      `OPERATOR ALERT: order ${order.requestId} (orderId ${order.orderId}, supplier reference ` +
        `${fulfilment.supplierRef}) placed ${formatDanaTime(order.createdAt)} has no final answer from ` +
        'the supplier; settle it with the supplier. kios keeps checking and guesses nothing.',
    );
  }

  private alertRefHorizon({ order }: InFlightOrder): void {
    this.logger.error(
      `OPERATOR ALERT: order ${order.requestId} (orderId ${order.orderId}) placed ` +
        `${formatDanaTime(order.createdAt)}: ${order.flaggedForOperator?.reason ?? 'its supplier reference is too old'}` +
        '. Settle it with the supplier by hand; kios guesses nothing.',
    );
  }

  private async record(
    requestId: string,
    causation: Causation,
    commands: OrderCommand[],
  ): Promise<OrderState> {
    let before: OrderState | undefined;
    const { state, newEvents } = await this.repository.handle(
      orderStream(requestId),
      orderDecider,
      (current) => {
        before = current;
        return decideInSequence(orderDecider, commands, current);
      },
      eventMetadata(causation, this.clock.now()),
    );
    if (newEvents.length > 0 && before) noteSale(saleOf(before, state), this.sales, this.logger);
    return state;
  }
}

function movedToNextAttempt(before: OrderState, after: OrderState): boolean {
  return (
    isInFlight(before) && isInFlight(after) && attemptOf(after.fulfilment) > attemptOf(before.fulfilment)
  );
}

function result(state: OrderState): FollowUpResult {
  return {
    settled: !isInFlight(state),
    flaggedForOperator: state.status !== 'none' && state.order.flaggedForOperator !== undefined,
  };
}
