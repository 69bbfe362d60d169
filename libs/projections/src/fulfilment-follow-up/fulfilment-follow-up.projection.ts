import type { RecordedEvent } from '@kios/event-store';
import type { OrderEvent } from '@kios/ordering';
import type { EntityManager } from 'typeorm';
import type { Projection } from '../projection';
import { appliedBefore } from '../row-revision';
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
      // A doubt stays a doubt: answering DANA PENDING tells nothing about the supplier.
      return {
        status: current === 'in_doubt' ? 'in_doubt' : 'pending',
        changedAt: event.data.markedPendingAt,
      };
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
export const fulfilmentFollowUpProjection: Projection = {
  name: 'fulfilment_followup',
  eventTypes: FULFILMENT_FOLLOW_UP_EVENT_TYPES,
  entities: [FulfilmentFollowUpRow],
  migrations: [CreateFulfilmentFollowUpTable1736900000300],

  async apply(recorded: RecordedEvent, tx: EntityManager): Promise<void> {
    const event = { type: recorded.type, data: recorded.data } as OrderEvent;
    const rows = tx.getRepository(FulfilmentFollowUpRow);
    const { requestId } = event.data;
    if (event.type === 'OrderSucceeded' || event.type === 'OrderFailed') {
      await rows.delete({ requestId });
      return;
    }
    const row = await rows.findOneBy({ requestId });
    if (appliedBefore(row, recorded)) return;
    const tracing = {
      lastEventId: recorded.id,
      revision: recorded.revision,
    };
    if (event.type === 'FulfilmentRequested') {
      await rows.insert({
        requestId,
        supplierRef: event.data.supplierRef,
        status: 'requested',
        requestedAt: event.data.requestedAt,
        changedAt: event.data.requestedAt,
        flaggedForOperator: false,
        correlationId: String(recorded.metadata.correlationId ?? ''),
        ...tracing,
      });
      return;
    }
    if (!row) return; // a change of an order that is not followed (it never reached a supplier)
    const change = changeOf(event, row.status);
    if (change) await rows.update({ requestId }, { ...change, ...tracing });
  },
};
