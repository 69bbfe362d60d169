import { decodeOrderEvent, type OrderEvent, statusMarkedPending } from '@kios/ordering';
import { orderRequestIdOf } from '../order-request-id';
import { foldedProjection, stateIsRow } from '../row-fold';
import { CreateFulfilmentFollowUpTable1736900000300 } from './fulfilment-follow-up.migration';
import { FulfilmentFollowUpRow, type FollowUpStatus } from './fulfilment-follow-up.row';

export const FULFILMENT_FOLLOW_UP_EVENT_TYPES: readonly OrderEvent['type'][] = [
  'FulfilmentRequested',
  'OrderMarkedPending',
  'FulfilmentInDoubt',
  'FulfilmentFlaggedForOperator',
  'OrderSucceeded',
  'OrderFailed',
];

type Change = { status?: FollowUpStatus; flaggedForOperator?: boolean; changedAt: string };

function changeOf(event: OrderEvent, current: FollowUpStatus): Change | undefined {
  switch (event.type) {
    case 'OrderMarkedPending':
      return { status: statusMarkedPending(current), changedAt: event.data.markedPendingAt };
    case 'FulfilmentInDoubt':
      return { status: 'in_doubt', changedAt: event.data.inDoubtAt };
    case 'FulfilmentFlaggedForOperator':
      return { flaggedForOperator: true, changedAt: event.data.flaggedAt };
    default:
      return undefined;
  }
}

/**
 * `fulfilment_followup`: the orders the fulfilment follow-up must chase. The runner commits each
 * batch with its checkpoint, so a deleted row is never brought back by a replay of its
 * FulfilmentRequested; a rebuild replays the delete too.
 */
export const fulfilmentFollowUpProjection = foldedProjection<
  FulfilmentFollowUpRow,
  FulfilmentFollowUpRow,
  OrderEvent
>({
  name: 'fulfilment_followup',
  eventTypes: FULFILMENT_FOLLOW_UP_EVENT_TYPES,
  migrations: [CreateFulfilmentFollowUpTable1736900000300],
  fold: {
    entity: FulfilmentFollowUpRow,
    key: 'requestId',
    decode: decodeOrderEvent,
    keyOf: orderRequestIdOf,
    evolve(row, event, recorded) {
      if (event.type === 'OrderSucceeded' || event.type === 'OrderFailed') return undefined;
      const tracing = { lastEventId: recorded.id, revision: recorded.revision };
      if (event.type === 'FulfilmentRequested') {
        return {
          requestId: event.data.requestId,
          supplierRef: event.data.supplierRef,
          status: 'requested',
          requestedAt: event.data.requestedAt,
          changedAt: event.data.requestedAt,
          flaggedForOperator: false,
          correlationId: String(recorded.metadata.correlationId ?? ''),
          ...tracing,
        };
      }
      if (!row) return undefined; // a change of an order that is not followed (it never reached a supplier)
      const change = changeOf(event, row.status);
      return change ? { ...row, ...change, ...tracing } : row;
    },
    ...stateIsRow,
  },
});
