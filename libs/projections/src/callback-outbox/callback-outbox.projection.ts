import { decodeOrderEvent, type OrderEvent } from '@kios/ordering';
import { orderRequestIdOf } from '../order-request-id';
import { foldedProjection, stateIsRow } from '../row-fold';
import {
  AddCallbackOutboxLastAttemptAt1736900000700,
  CreateCallbackOutboxTable1736900000400,
} from './callback-outbox.migration';
import { CallbackOutboxRow } from './callback-outbox.row';

const OUTBOX_EVENT_TYPES = [
  'OrderMarkedPending',
  'OrderSucceeded',
  'OrderFailed',
  'CallbackAttempted',
  'CallbackDelivered',
  'CallbackAbandoned',
  'CallbackRetryRequested',
] as const satisfies readonly OrderEvent['type'][];

type OutboxEvent = Extract<OrderEvent, { type: (typeof OUTBOX_EVENT_TYPES)[number] }>;

const isOutboxEvent = (event: OrderEvent): event is OutboxEvent =>
  (OUTBOX_EVENT_TYPES as readonly string[]).includes(event.type);

/** What an event changes in the row of an order that owes (or will owe) a callback. */
function changedColumns(
  event: Exclude<OutboxEvent, { type: 'OrderMarkedPending' }>,
): Partial<CallbackOutboxRow> {
  switch (event.type) {
    case 'OrderSucceeded':
      return { state: 'pending', finalStatus: 'SUCCESS', nextAttemptAt: event.data.succeededAt };
    case 'OrderFailed':
      return { state: 'pending', finalStatus: 'FAILED', nextAttemptAt: event.data.failedAt };
    case 'CallbackAttempted':
      // Without a next time the callback is due at once, as the order itself judges it (dueCallback).
      return {
        attempts: event.data.attempt,
        lastReason: event.data.reason,
        lastAttemptAt: event.data.attemptedAt,
        nextAttemptAt: event.data.nextAttemptAt ?? event.data.attemptedAt,
      };
    case 'CallbackDelivered':
      // An earlier attempt's refusal no longer describes the callback: DANA has accepted it.
      return {
        state: 'delivered',
        attempts: event.data.attempt,
        lastReason: null,
        lastAttemptAt: event.data.deliveredAt,
        nextAttemptAt: null,
      };
    case 'CallbackAbandoned':
      return { state: 'abandoned', lastReason: event.data.reason, nextAttemptAt: null };
    case 'CallbackRetryRequested':
      return { state: 'pending', nextAttemptAt: event.data.requestedAt };
  }
}

/**
 * `callback_outbox`: the Order Complete Callbacks kios owes DANA and when each is due (docs/architecture.md §3).
 * A row starts when kios answers an order PENDING, so an order DANA got final in its Create Order
 * answer never has one. The callback dispatcher reads it to find due callbacks; a restart finds
 * them here where they were.
 */
export const callbackOutboxProjection = foldedProjection<CallbackOutboxRow, CallbackOutboxRow, OrderEvent>({
  name: 'callback_outbox',
  eventTypes: OUTBOX_EVENT_TYPES,
  migrations: [CreateCallbackOutboxTable1736900000400, AddCallbackOutboxLastAttemptAt1736900000700],
  fold: {
    entity: CallbackOutboxRow,
    key: 'requestId',
    decode: decodeOrderEvent,
    keyOf: orderRequestIdOf,
    evolve(row, event, recorded) {
      if (!isOutboxEvent(event)) return row;
      const stamp = { revision: recorded.revision, updatedAt: recorded.recordedAt.toISOString() };
      if (event.type === 'OrderMarkedPending') {
        return {
          requestId: event.data.requestId,
          state: 'awaiting_outcome',
          finalStatus: null,
          attempts: 0,
          nextAttemptAt: null,
          lastReason: null,
          lastAttemptAt: null,
          ...stamp,
        };
      }
      // Never answered PENDING: DANA already has the final status, no callback is owed.
      if (!row) return undefined;
      return { ...row, ...changedColumns(event), ...stamp };
    },
    ...stateIsRow,
  },
});
