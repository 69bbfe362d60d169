/** When the fulfilment follow-up asks the supplier about an order again. */
export type FollowUpSchedule = {
  /** Delay of the first check after the order's last change; each later one doubles. */
  firstCheckMs: number;
  maxIntervalMs: number;
  /** Create Order's own wait for the supplier: a request still inside it is left alone. */
  createOrderBudgetMs: number;
};

/** What the schedule needs to know of an unsettled order. */
export type UnsettledFulfilment = {
  status: 'requested' | 'pending' | 'in_doubt';
  requestedAt: Date;
  changedAt: Date;
  flaggedForOperator: boolean;
};

/**
 * The first check of an unsettled order: a `requested` one only once Create Order's budget (plus one
 * first-check delay of margin) has surely run out, since until then Create Order is still waiting
 * for the supplier itself; the others one first-check delay after their last change.
 */
export function firstCheckAt(fulfilment: UnsettledFulfilment, schedule: FollowUpSchedule): Date {
  if (fulfilment.status === 'requested') {
    return new Date(fulfilment.requestedAt.getTime() + schedule.createOrderBudgetMs + schedule.firstCheckMs);
  }
  return new Date(fulfilment.changedAt.getTime() + schedule.firstCheckMs);
}

/** Exponential backoff after `checksDone` checks, capped; an order flagged for operators is checked at the cap. */
export function nextCheckAt(
  checksDone: number,
  flaggedForOperator: boolean,
  now: Date,
  schedule: FollowUpSchedule,
): Date {
  const backoff = schedule.firstCheckMs * 2 ** Math.min(checksDone, 30);
  const delay = flaggedForOperator ? schedule.maxIntervalMs : Math.min(backoff, schedule.maxIntervalMs);
  return new Date(now.getTime() + delay);
}
