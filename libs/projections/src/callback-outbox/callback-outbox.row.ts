import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '../column-transformers';

/**
 * - awaiting_outcome: kios answered DANA PENDING; the callback is owed once the order is final
 * - pending: owed and not yet accepted by DANA; sent at `next_attempt_at`
 * - delivered: DANA accepted it (`S`)
 * - abandoned: DANA refused it (`F`) or the retries ran out; an operator decides
 */
export type CallbackOutboxState = 'awaiting_outcome' | 'pending' | 'delivered' | 'abandoned';
export const CALLBACK_OUTBOX_STATES: readonly CallbackOutboxState[] = [
  'awaiting_outcome',
  'pending',
  'delivered',
  'abandoned',
];

/** One order DANA was told PENDING, and where its Order Complete Callback stands (docs/dana-protocol.md §3.5, §5.6). */
@Entity('callback_outbox')
@Index('callback_outbox_due', ['state', 'nextAttemptAt'])
export class CallbackOutboxRow {
  @PrimaryColumn({ name: 'request_id', type: 'varchar', length: 64 })
  requestId!: string;

  @Column({ type: 'varchar', length: 16 })
  state!: CallbackOutboxState;

  /** The final status the callback carries; null while awaiting the outcome. */
  @Column({ name: 'final_status', type: 'varchar', length: 8, nullable: true })
  finalStatus!: 'SUCCESS' | 'FAILED' | null;

  /** Attempts made so far, the delivered one included. */
  @Column({ type: 'integer' })
  attempts!: number;

  /** ISO-8601 UTC (text sorts like time in SQLite and PostgreSQL alike); null when nothing is to be sent. */
  @Column({ name: 'next_attempt_at', type: 'varchar', length: 32, nullable: true })
  nextAttemptAt!: string | null;

  /**
   * Why the last attempt was not accepted, or why the callback was abandoned; null once DANA
   * accepted it (a delivered callback has no reason left to show).
   */
  @Column({ name: 'last_reason', type: 'text', nullable: true })
  lastReason!: string | null;

  /** Revision of the last order-stream event applied; guards against applying one twice. */
  @Column({ type: 'bigint', transformer: bigintColumn })
  revision!: bigint;

  /** When that event was recorded, ISO-8601 UTC. */
  @Column({ name: 'updated_at', type: 'varchar', length: 32 })
  updatedAt!: string;

  /**
   * When the last attempt was sent (the delivered one included), ISO-8601 UTC; null before the
   * first. Added by AddCallbackOutboxLastAttemptAt1736900000700, so last in the table.
   */
  @Column({ name: 'last_attempt_at', type: 'varchar', length: 32, nullable: true })
  lastAttemptAt!: string | null;
}
