import type { IEvent } from '@nestjs/cqrs';

/**
 * In-process notice from the dispatcher: the outbox says this order's callback is due. Losing it
 * (a crash) loses nothing — the outbox row stays due until an outcome event is stored.
 */
export class OrderCallbackFellDue implements IEvent {
  constructor(readonly requestId: string) {}
}
