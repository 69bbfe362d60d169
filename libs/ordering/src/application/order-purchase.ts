import { Logger } from '@nestjs/common';
import type { Clock } from '@kios/dana-protocol';
import type { AggregateRepository, AggregateState, Decided } from '@kios/event-store';
import type { Supplier, SupplierRouter } from '@kios/fulfillment';
import type { OrderCommand, Route } from '../order/order.commands';
import { orderDecider } from '../order/order.decider';
import { orderStream } from '../order/order.events';
import { attemptOf, isInFlight, type OrderState } from '../order/order.state';
import { orderView, type OrderView } from '../order/order.view';
import { decideInSequence } from './decide-in-sequence';
import { type Causation, eventMetadata } from './event-metadata';
import type { OrderingSettings } from './ordering.settings';
import { commandsForPurchase } from './purchase-commands';
import { purchaseRequestOf } from './purchase-request';
import { answerOrInDoubt } from './supplier-deadline';
import { noteSale, saleOf, type SaleObserver } from '../margins/sales';

/**
 * Create Order's supplier calls (docs/architecture.md §4 steps 3–4, failover), once the order is
 * placed: each attempt bought within the one budget, each answer recorded on the order.
 */
export class OrderPurchase {
  private readonly logger = new Logger('CreateOrder');

  constructor(
    private readonly repository: AggregateRepository,
    private readonly supplier: Supplier,
    private readonly clock: Clock,
    private readonly settings: Pick<OrderingSettings, 'supplierBudgetMs'>,
    private readonly router?: SupplierRouter,
    private readonly sales?: SaleObserver,
  ) {}

  /**
   * Asks the supplier of each attempt this Create Order starts, within the one budget: the first,
   * and each next offer the decider moves a routed order to (a final failure, or a refused first
   * call). Every call here is its attempt's first, made right after the attempt was stored, which is
   * what lets a refused connection count as nothing sent. Out of budget with an attempt not yet
   * asked, the order is answered PENDING and the fulfilment follow-up buys it under its reference.
   */
  async buy(
    requestId: string,
    placed: Decided<OrderState>,
    started: Date,
    causation: Causation,
  ): Promise<OrderView> {
    const deadline = started.getTime() + this.settings.supplierBudgetMs;
    let order: AggregateState<OrderState> = placed;
    // The first attempt is always asked (a slow placement leaves it little budget, and no answer is in
    // doubt, as before routing); a later one only while budget is left.
    for (let first = true; order.state.status === 'requested'; first = false) {
      if (!first && this.clock.now().getTime() >= deadline) break;
      const request = purchaseRequestOf(order.state);
      const purchase = await answerOrInDoubt(
        this.supplier.purchase(request),
        deadline - this.clock.now().getTime(),
      );
      const commands = commandsForPurchase(requestId, purchase, this.clock.now(), {
        supplierRef: request.supplierRef,
        route: this.routeFor(order.state),
        firstCall: true,
      });
      const recorded = await this.record(requestId, commands, causation, order);
      if (recorded === undefined) return this.currentView(requestId).catch(() => view(order.state));
      // Only the writer of a new attempt asks its supplier: one that lost a race leaves it to the winner.
      if (!startedNewAttempt(order.state, recorded))
        return this.answerPendingIfInFlight(requestId, recorded, causation);
      order = recorded;
    }
    return this.answerPendingIfInFlight(requestId, order, causation);
  }

  /** Where a failure could move the order next: the route a routed kios has for its product now. */
  private routeFor(state: OrderState): Route | undefined {
    if (state.status === 'none' || state.order.product === undefined) return undefined;
    return this.router?.routeFor(state.order.product);
  }

  /** An order still in flight when Create Order stops is PENDING to DANA, who then waits for the callback. */
  private async answerPendingIfInFlight(
    requestId: string,
    order: AggregateState<OrderState>,
    causation: Causation,
  ): Promise<OrderView> {
    if (!isInFlight(order.state) || order.state.order.answeredPending) return view(order.state);
    const marked = await this.record(
      requestId,
      [{ type: 'MarkPending', data: { requestId, now: this.clock.now() } }],
      causation,
      order,
    );
    return marked ? view(marked.state) : this.currentView(requestId).catch(() => view(order.state));
  }

  /**
   * Records what the supplier call came to. The order is persisted already, so a failure here must
   * not become a 5xx: DANA gets PENDING and the fulfilment follow-up finishes the order.
   */
  private async record(
    requestId: string,
    commands: OrderCommand[],
    causation: Causation,
    known: AggregateState<OrderState>,
  ): Promise<Decided<OrderState> | undefined> {
    try {
      const decided = await this.repository.decideFromKnownState(
        orderStream(requestId),
        orderDecider,
        known,
        (current) => decideInSequence(orderDecider, commands, current),
        eventMetadata(causation, this.clock.now()),
      );
      if (decided.appended > 0) noteSale(saleOf(known.state, decided.state), this.sales, this.logger);
      return decided;
    } catch (error) {
      this.logger.error(
        `order ${requestId}: could not record the supplier's answer (${(error as Error).message}); ` +
          'answering the order as stored, the fulfilment follow-up will settle it',
      );
      return undefined;
    }
  }

  private async currentView(requestId: string): Promise<OrderView> {
    return view((await this.repository.load(orderStream(requestId), orderDecider)).state);
  }
}

/** This process's append moved the order to a new attempt, which it must now ask for. */
function startedNewAttempt(before: OrderState, after: Decided<OrderState>): boolean {
  if (after.appended === 0 || after.state.status !== 'requested' || !isInFlight(before)) return false;
  return attemptOf(after.state.fulfilment) > attemptOf(before.fulfilment);
}

export function view(state: OrderState): OrderView {
  const answer = orderView(state);
  if (!answer) throw new Error('an order was expected after Create Order');
  return answer;
}
