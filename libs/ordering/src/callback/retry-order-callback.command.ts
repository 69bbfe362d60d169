import { Command } from '@nestjs/cqrs';

/**
 * Send an abandoned Order Complete Callback again (an operator asked, once the cause is dealt with):
 * the callback is owed once more, due at once, with the order's final status as before
 * (docs/dana-protocol.md §5.6). Refused with OrderNotFound, CallbackNotOwed or CallbackNotAbandoned.
 */
export class RetryOrderCallback extends Command<void> {
  constructor(
    readonly requestId: string,
    /** Who asked, for the audit trail. */
    readonly requestedBy: string,
    /** The correlation and causation id of the event it records: the operator's command. */
    readonly commandId: string,
  ) {
    super();
  }
}
