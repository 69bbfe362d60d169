import { instantData } from '../event-data';
import type { RecordOutcome, SettleByOperator } from './order.commands';
import {
  FulfilmentNotRequested,
  OrderAlreadyFinal,
  OrderNotFound,
  SettlementIncomplete,
} from './order.errors';
import type { FulfilmentSettledByOperator } from './order.events';
import { isFinal, isInFlight, type OrderState } from './order.state';

const blank = (text: string): boolean => text.trim() === '';

/** What an operator's settlement leaves out that the audit trail needs; empty when nothing. */
function missingFrom({ settledBy, evidence, outcome }: SettleByOperator['data']): string[] {
  return [
    blank(settledBy) ? 'the name of who settles it' : undefined,
    blank(evidence) ? 'evidence' : undefined,
    outcome.status === 'succeeded' && blank(outcome.serialNumber) ? 'a serial number' : undefined,
    outcome.status === 'failed' && blank(outcome.reason) ? 'a reason' : undefined,
  ].filter((item): item is string => item !== undefined);
}

/**
 * The audit event of an operator's settlement (docs/digiflazz.md §10), or the refusal: an operator
 * settles only an order sent to a supplier and not final yet — a final status DANA may have been told
 * never changes (docs/architecture.md §3) — and names themselves and their evidence. The outcome
 * events that follow it are the order decider's ordinary ones.
 */
export function operatorSettlement(
  { data }: SettleByOperator,
  state: OrderState,
): FulfilmentSettledByOperator {
  const { requestId, outcome } = data;
  if (state.status === 'none') throw new OrderNotFound(requestId);
  if (isFinal(state)) {
    throw new OrderAlreadyFinal(requestId, state.status, `${outcome.status} (an operator's settlement)`);
  }
  if (!isInFlight(state)) throw new FulfilmentNotRequested(requestId);
  const missing = missingFrom(data);
  if (missing.length > 0) throw new SettlementIncomplete(requestId, missing);
  return {
    type: 'FulfilmentSettledByOperator',
    data: {
      requestId,
      settledBy: data.settledBy,
      decision: outcome.status,
      evidence: data.evidence,
      settledAt: instantData(data.now),
    },
  };
}

/**
 * The operator's outcome as the order decider records a supplier's (RecordOutcome), so that after
 * the audit event the read models, the callback and Get Order Detail need nothing new.
 */
export function settledOutcome({ data }: SettleByOperator): RecordOutcome {
  return { type: 'RecordOutcome', data: { requestId: data.requestId, outcome: data.outcome, now: data.now } };
}
