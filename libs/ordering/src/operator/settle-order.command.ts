import { Command } from '@nestjs/cqrs';
import type { FinalPurchaseOutcome } from '@kios/fulfillment';

/** What a settlement recorded: the order's final status, and whether DANA is owed a callback for it. */
export type SettlementResult = { status: 'succeeded' | 'failed'; callbackOwed: boolean };

/**
 * An operator settles an order kios will not decide alone (`kios-cli orders settle`, docs/digiflazz.md
 * §10). Decided by the order decider's SettleByOperator: refused with OrderNotFound,
 * FulfilmentNotRequested, OrderAlreadyFinal or SettlementIncomplete, nothing written.
 */
export class SettleOrder extends Command<SettlementResult> {
  constructor(
    readonly requestId: string,
    readonly outcome: FinalPurchaseOutcome,
    /** Who decided, for the audit trail. */
    readonly settledBy: string,
    /** Where the operator read the outcome: a supplier statement line, a ticket. */
    readonly evidence: string,
    /** The correlation and causation id of the events it records: the operator's command. */
    readonly commandId: string,
  ) {
    super();
  }
}
