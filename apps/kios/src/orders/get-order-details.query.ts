import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { AggregateRepository, EVENT_STORE, type EventStore } from '@kios/event-store';
import { orderDecider, orderStream, orderView } from '@kios/ordering';
import { type OrderDetail, OrderDetailReadModel } from '@kios/projections';
import { DataSource } from 'typeorm';

/** The orders kios knows among `requestIds`, by requestId; the others are unknown to kios. */
export class GetOrderDetails extends Query<Map<string, OrderDetail>> {
  constructor(readonly requestIds: readonly string[]) {
    super();
  }
}

/**
 * Answers from the `order_detail` read model; an order the read model lacks or holds as not final
 * yet is read from its stream, so a lagging projection never makes an order look absent
 * (docs/architecture.md §4 step 5) nor older than what Create Order already answered.
 */
@QueryHandler(GetOrderDetails)
export class GetOrderDetailsHandler implements IQueryHandler<GetOrderDetails> {
  private readonly readModel: OrderDetailReadModel;
  private readonly repository: AggregateRepository;

  constructor(dataSource: DataSource, @Inject(EVENT_STORE) store: EventStore) {
    this.readModel = new OrderDetailReadModel(dataSource);
    this.repository = new AggregateRepository(store);
  }

  async execute({ requestIds }: GetOrderDetails): Promise<Map<string, OrderDetail>> {
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

  private async fromEventStore(requestId: string): Promise<OrderDetail | undefined> {
    const { state } = await this.repository.load(orderStream(requestId), orderDecider);
    const view = orderView(state);
    if (!view) return undefined;
    const { callback: _notReported, ...detail } = view;
    return detail;
  }
}
