import { responseCode, type Rc } from '../protocol/response-codes';
import type { Scenario } from './scenario';
import type { Outcome } from './transaction-book';

/** How a new purchase (a prepaid top-up or a postpaid payment) goes. */
export interface PurchasePlan {
  /** What the first answer says. */
  outcome: Outcome;
  /** A pending purchase settles into this after the pending delay. */
  settlesInto?: Outcome;
  /** The first answer leaves no sooner than this. */
  holdMs?: number;
  /** Whether the price is taken from the deposit now (a failure later gives it back). */
  debits: boolean;
}

export const outcome = (rc: Rc, sn = ''): Outcome => ({
  message: responseCode(rc).message,
  status: responseCode(rc).status,
  rc,
  sn,
});

export interface PlanTimes {
  slowAnswerMs: number;
  /** Set when the lateSuccess misbehaviour applies: succeed, answer after this. */
  lateSuccessMs?: number;
}

export function planPurchase(scenario: Scenario, sn: string, times: PlanTimes): PurchasePlan {
  if (times.lateSuccessMs !== undefined) {
    return { outcome: outcome('00', sn), holdMs: times.lateSuccessMs, debits: true };
  }
  switch (scenario) {
    case 'failure':
      return { outcome: outcome('02'), debits: false };
    case 'invalid_destination':
      return { outcome: outcome('54'), debits: false };
    case 'pending_then_success':
      return { outcome: outcome('03'), settlesInto: outcome('00', sn), debits: true };
    case 'pending_then_failure':
      return { outcome: outcome('03'), settlesInto: outcome('02'), debits: true };
    case 'slow_then_success':
      return { outcome: outcome('00', sn), holdMs: times.slowAnswerMs, debits: true };
    case 'bill_already_paid': // a postpaid inquiry's concern; a purchase goes through
    case 'success':
      return { outcome: outcome('00', sn), debits: true };
  }
}
