import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { AggregateRepository, EVENT_STORE, type EventStore } from '@kios/event-store';
import type { ReportedOrder } from '../order/dana-order.mapper';
import { orderDecider } from '../order/order.decider';
import { orderStream } from '../order/order.events';
import { orderView } from '../order/order.view';
import { GetOrderDetails, ORDER_DETAILS, type OrderDetails } from './get-order-details.query';

/**
 * Answers from the `order_detail` read model; an order the read model lacks or holds as not final
 * yet is read from its stream, so a lagging projection never makes an order look absent
 * (docs/architecture.md §4 step 5) nor older than what Create Order already answered.
 */
@QueryHandler(GetOrderDetails)
export class GetOrderDetailsHandler implements IQueryHandler<GetOrderDetails> {
  private readonly repository: AggregateRepository;

  constructor(
    @Inject(ORDER_DETAILS) private readonly readModel: OrderDetails,
    @Inject(EVENT_STORE) store: EventStore,
  ) {
    this.repository = new AggregateRepository(store);
  }

  async execute({ requestIds }: GetOrderDetails): Promise<Map<string, ReportedOrder>> {
    const details = await this.readModel.getMany(requestIds);
    const unsettled = [...new Set(requestIds)].filter(
      (id) => (details.get(id)?.status ?? 'PENDING') === 'PENDING',
    );
    await Promise.all(
      unsettled.map(async (requestId) => {
        const fromStream = await this.fromEventStore(requestId);
        if (fromStream) details.set(requestId, fromStream);
      }),
    );
    return details;
  }

  private async fromEventStore(requestId: string): Promise<ReportedOrder | undefined> {
    const { state } = await this.repository.load(orderStream(requestId), orderDecider);
    const view = orderView(state);
    if (!view) return undefined;
    const { callback: _notReported, ...detail } = view;
    return detail;
  }
}
