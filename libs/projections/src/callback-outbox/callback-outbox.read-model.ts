import { type DataSource, LessThanOrEqual, Not, IsNull } from 'typeorm';
import { type CallbackOutboxState, CallbackOutboxRow } from './callback-outbox.row';

export interface CallbackOutboxEntry {
  requestId: string;
  state: CallbackOutboxState;
  finalStatus?: 'SUCCESS' | 'FAILED';
  attempts: number;
  nextAttemptAt?: Date;
  lastReason?: string;
  /** When the last attempt was sent; absent before the first (or on a row built before the column). */
  lastAttemptAt?: Date;
  updatedAt: Date;
}

function toEntry(row: CallbackOutboxRow): CallbackOutboxEntry {
  return {
    requestId: row.requestId,
    state: row.state,
    ...(row.finalStatus === null ? {} : { finalStatus: row.finalStatus }),
    attempts: row.attempts,
    ...(row.nextAttemptAt === null ? {} : { nextAttemptAt: new Date(row.nextAttemptAt) }),
    ...(row.lastReason === null ? {} : { lastReason: row.lastReason }),
    ...(row.lastAttemptAt === null ? {} : { lastAttemptAt: new Date(row.lastAttemptAt) }),
    updatedAt: new Date(row.updatedAt),
  };
}

/** Queries over the `callback_outbox` projection. */
export class CallbackOutbox {
  constructor(private readonly dataSource: DataSource) {}

  /** requestIds of the pending callbacks due at `now`, the longest-waiting first. */
  async due(now: Date, limit: number): Promise<string[]> {
    const rows = await this.dataSource.getRepository(CallbackOutboxRow).find({
      select: { requestId: true },
      where: this.dueAt(now),
      order: { nextAttemptAt: 'ASC', requestId: 'ASC' },
      take: limit,
    });
    return rows.map((row) => row.requestId);
  }

  /** How many pending callbacks are due at `now`. */
  countDue(now: Date): Promise<number> {
    return this.dataSource.getRepository(CallbackOutboxRow).countBy(this.dueAt(now));
  }

  /** When the soonest pending callback falls due; undefined when none is pending. */
  async nextDueAt(): Promise<Date | undefined> {
    const row = await this.dataSource.getRepository(CallbackOutboxRow).findOne({
      select: { nextAttemptAt: true },
      where: { state: 'pending', nextAttemptAt: Not(IsNull()) },
      order: { nextAttemptAt: 'ASC' },
    });
    return row?.nextAttemptAt ? new Date(row.nextAttemptAt) : undefined;
  }

  /** Every row (or those in `state`), the most recently changed first. */
  async list(state?: CallbackOutboxState): Promise<CallbackOutboxEntry[]> {
    const rows = await this.dataSource.getRepository(CallbackOutboxRow).find({
      where: state === undefined ? {} : { state },
      order: { updatedAt: 'DESC', requestId: 'ASC' },
    });
    return rows.map(toEntry);
  }

  private dueAt(now: Date) {
    return { state: 'pending' as const, nextAttemptAt: LessThanOrEqual(now.toISOString()) };
  }

  async get(requestId: string): Promise<CallbackOutboxEntry | undefined> {
    const row = await this.dataSource.getRepository(CallbackOutboxRow).findOneBy({ requestId });
    return row ? toEntry(row) : undefined;
  }
}
