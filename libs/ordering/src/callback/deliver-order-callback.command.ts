import { Command } from '@nestjs/cqrs';

/** What one delivery came to. */
export type CallbackDelivery =
  /** Nothing sent: the order's events say it is not due, or this order's callback is on the wire already. */
  | { requestId: string; outcome: 'not_due' | 'in_flight' }
  | {
      requestId: string;
      outcome: 'delivered' | 'retry_scheduled' | 'abandoned';
      attempt: number;
      reason?: string;
    }
  /** Something broke (the event store, most likely); the outbox still holds the callback as due. */
  | { requestId: string; outcome: 'error'; reason: string };

/** Send the order's Order Complete Callback now, if the order's events say it is due (docs/dana-protocol.md §3.5). */
export class DeliverOrderCallback extends Command<CallbackDelivery> {
  constructor(readonly requestId: string) {
    super();
  }
}
