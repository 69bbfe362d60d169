import { type DataSource, In, LessThanOrEqual } from 'typeorm';
import { FulfilmentFollowUpRow, type FollowUpStatus } from './fulfilment-follow-up.row';

/** An order whose fulfilment the follow-up must chase. */
export type OpenFulfilment = {
  requestId: string;
  supplierRef: string;
  status: FollowUpStatus;
  requestedAt: Date;
  changedAt: Date;
  flaggedForOperator: boolean;
  /** For the metadata of what the follow-up appends. */
  causation: { correlationId: string; causationId: string };
};

/** Queries over the `fulfilment_followup` projection. */
export class FulfilmentFollowUpReadModel {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Every order not settled yet, oldest first; `requested` ones only when requested no later than
   * `requestedBy`, since a younger one is still in the hands of its Create Order.
   */
  async open(requestedBy: Date): Promise<OpenFulfilment[]> {
    const rows = await this.dataSource.getRepository(FulfilmentFollowUpRow).find({
      where: [
        { status: In(['pending', 'in_doubt']) },
        // ISO-8601 UTC text of one length sorts as the instants do.
        { status: 'requested', requestedAt: LessThanOrEqual(requestedBy.toISOString()) },
      ],
      order: { requestedAt: 'ASC', requestId: 'ASC' },
    });
    return rows.map((row) => ({
      requestId: row.requestId,
      supplierRef: row.supplierRef,
      status: row.status,
      requestedAt: new Date(row.requestedAt),
      changedAt: new Date(row.changedAt),
      flaggedForOperator: row.flaggedForOperator,
      causation: { correlationId: row.correlationId, causationId: row.lastEventId },
    }));
  }
}
