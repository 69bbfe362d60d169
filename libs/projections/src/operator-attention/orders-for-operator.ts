import { type DataSource, In, LessThanOrEqual } from 'typeorm';
import { FulfilmentFollowUpRow } from '../fulfilment-follow-up/fulfilment-follow-up.row';
import { OrderDetailRow, type OrderDetailStatus } from '../order-detail/order-detail.row';

/** An order an operator must look at (`kios-cli orders flagged`, docs/digiflazz.md §10). */
export type OrderForOperator = {
  requestId: string;
  /** Absent only while order_detail has not caught up with the order yet. */
  orderId?: string;
  /** kios's own status of the order: requested, pending, in_doubt, succeeded or failed. */
  status: OrderDetailStatus;
  /** Why: the flag's reason as recorded, or how long the order has been in doubt. */
  reason: string;
  /** Since when: the flag's time, or the in-doubt order's last change. */
  since: Date;
};

/** The oldest order still in one status that is not final, by when it was placed. */
export type OldestUnsettled = { status: OrderDetailStatus; placedAt: Date };

const IN_FLIGHT: OrderDetailStatus[] = ['requested', 'pending', 'in_doubt'];

const hours = (ms: number): string => (ms / 3_600_000).toFixed(1);

/**
 * The orders kios will not settle alone, from the read models: those flagged for an operator (past
 * the fulfilment horizon or the supplier's recheck horizon, or reversed by the supplier after their
 * success) and those in doubt for longer than the fulfilment horizon. An order an operator settled
 * is not among them: the settlement clears its flag and makes it final.
 */
export class OrdersForOperator {
  constructor(private readonly dataSource: DataSource) {}

  /** Oldest first; `inDoubtHorizonMs` is KIOS_FULFILMENT_HORIZON_MS. */
  async list(now: Date, inDoubtHorizonMs: number): Promise<OrderForOperator[]> {
    const flagged = await this.flagged();
    const listed = new Set(flagged.map((order) => order.requestId));
    const doubtful = (await this.inDoubtLongerThan(now, inDoubtHorizonMs)).filter(
      (order) => !listed.has(order.requestId),
    );
    return [...flagged, ...doubtful].sort(
      (a, b) => a.since.getTime() - b.since.getTime() || a.requestId.localeCompare(b.requestId),
    );
  }

  /**
   * For each status an order is not final in (requested, pending, in_doubt), when the oldest order
   * still in it was placed; none for a status no order is in. What /metrics shows as the age of the
   * oldest unsettled order, for the alert on orders left in doubt. The status index narrows the rows
   * read to the orders in flight, which stay few however many orders are final.
   */
  async oldestUnsettled(): Promise<OldestUnsettled[]> {
    const rows: { status: OrderDetailStatus; placedAt: string }[] = await this.dataSource
      .getRepository(OrderDetailRow)
      .createQueryBuilder('detail')
      .select('detail.status', 'status')
      // ISO-8601 UTC text of one length: the least string is the earliest instant.
      .addSelect('MIN(detail.createdAt)', 'placedAt')
      .where('detail.status IN (:...inFlight)', { inFlight: IN_FLIGHT })
      .groupBy('detail.status')
      .orderBy('detail.status')
      .getRawMany();
    return rows.map(({ status, placedAt }) => ({ status, placedAt: new Date(placedAt) }));
  }

  /**
   * A flag still standing: on an order in flight, or on a final one when raised after its final
   * change (a reversal). A flag the supplier's own final answer came after was overtaken by it: the
   * order stays flagged in its history (docs/architecture.md §4 step 4) but needs no one now.
   */
  private async flagged(): Promise<OrderForOperator[]> {
    const rows = await this.dataSource
      .getRepository(OrderDetailRow)
      .createQueryBuilder('detail')
      .where('detail.operatorFlagReason IS NOT NULL')
      // ISO-8601 UTC text of one length compares as the instants do.
      .andWhere('(detail.status IN (:...inFlight) OR detail.operatorFlaggedAt >= detail.modifiedAt)', {
        inFlight: IN_FLIGHT,
      })
      .getMany();
    return rows.map((row) => ({
      requestId: row.requestId,
      orderId: row.orderId,
      status: row.status,
      reason: row.operatorFlagReason!,
      since: new Date(row.operatorFlaggedAt!),
    }));
  }

  /** In doubt, unchanged for longer than the horizon: the supplier has given no usable answer since. */
  private async inDoubtLongerThan(now: Date, horizonMs: number): Promise<OrderForOperator[]> {
    const cutoff = new Date(now.getTime() - horizonMs).toISOString();
    const rows = await this.dataSource
      .getRepository(FulfilmentFollowUpRow)
      .findBy({ status: 'in_doubt', changedAt: LessThanOrEqual(cutoff) });
    if (rows.length === 0) return [];
    const details = await this.dataSource.getRepository(OrderDetailRow).find({
      select: { requestId: true, orderId: true },
      where: { requestId: In(rows.map((row) => row.requestId)) },
    });
    const orderIds = new Map(details.map((detail) => [detail.requestId, detail.orderId]));
    return rows.map((row) => ({
      requestId: row.requestId,
      ...(orderIds.has(row.requestId) ? { orderId: orderIds.get(row.requestId) } : {}),
      status: 'in_doubt',
      reason:
        `in doubt for longer than KIOS_FULFILMENT_HORIZON_MS (${hours(horizonMs)} h): ` +
        'the supplier has given no usable answer',
      since: new Date(row.changedAt),
    }));
  }
}
