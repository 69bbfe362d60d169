import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '../column-transformers';

/** Where an unsettled order's fulfilment stands, as far as its events tell. */
export type FollowUpStatus = 'requested' | 'pending' | 'in_doubt';

/**
 * One order the supplier has not settled yet (docs/architecture.md §4 steps 3–4): requested (Create Order
 * is still waiting, or stopped mid-call), pending, or in doubt. The row goes when the order is final.
 * Facts only: the follow-up's own schedule (attempts, next check) is not an event, so it is not here.
 */
@Entity('fulfilment_followup')
export class FulfilmentFollowUpRow {
  @PrimaryColumn({ name: 'request_id', type: 'varchar', length: 64 })
  requestId!: string;

  @Column({ name: 'supplier_ref', type: 'varchar', length: 64 })
  supplierRef!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: FollowUpStatus;

  /** When the supplier was first asked (FulfilmentRequested), ISO-8601 UTC. */
  @Column({ name: 'requested_at', type: 'varchar', length: 32 })
  requestedAt!: string;

  /** When the last of its events happened, ISO-8601 UTC. */
  @Column({ name: 'changed_at', type: 'varchar', length: 32 })
  changedAt!: string;

  @Column({ name: 'flagged_for_operator', type: 'boolean' })
  flaggedForOperator!: boolean;

  /** The DANA reqMsgId the order began with. */
  @Column({ name: 'correlation_id', type: 'varchar', length: 64 })
  correlationId!: string;

  /** The id of the last order event applied: what a follow-up step reacts to (its causationId). */
  @Column({ name: 'last_event_id', type: 'varchar', length: 64 })
  lastEventId!: string;

  @Column({ type: 'bigint', transformer: bigintColumn })
  revision!: bigint;
}
