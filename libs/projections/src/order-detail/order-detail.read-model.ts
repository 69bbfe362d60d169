import { orderView, type OrderView } from '@kios/ordering';
import { type DataSource, In } from 'typeorm';
import { OrderDetailRow } from './order-detail.row';
import { orderStateFromRow } from './order-detail.state';

/** An order as the read model has it; callbacks are not part of it. */
export type OrderDetail = Omit<OrderView, 'callback'>;

function toDetail(row: OrderDetailRow): OrderDetail {
  const { callback: _notFollowed, ...detail } = orderView(orderStateFromRow(row))!;
  return detail;
}

/** Queries over the `order_detail` projection. It may lag the event store: callers decide what a miss means. */
export class OrderDetailReadModel {
  constructor(private readonly dataSource: DataSource) {}

  async get(requestId: string): Promise<OrderDetail | undefined> {
    const row = await this.dataSource.getRepository(OrderDetailRow).findOneBy({ requestId });
    return row ? toDetail(row) : undefined;
  }

  /** The orders the read model has among `requestIds`, by requestId. */
  async getMany(requestIds: readonly string[]): Promise<Map<string, OrderDetail>> {
    if (requestIds.length === 0) return new Map();
    const rows = await this.dataSource
      .getRepository(OrderDetailRow)
      .findBy({ requestId: In([...new Set(requestIds)]) });
    return new Map(rows.map((row) => [row.requestId, toDetail(row)]));
  }

  /** The requestId of the order kios sent to its supplier under `supplierRef` (indexed). */
  async requestIdBySupplierRef(supplierRef: string): Promise<string | undefined> {
    const row = await this.dataSource
      .getRepository(OrderDetailRow)
      .findOne({ select: { requestId: true }, where: { supplierRef } });
    return row?.requestId;
  }
}
