import type { EventMetadata } from '@kios/event-store';

/**
 * What caused a write (docs/architecture.md §3): `correlationId` is the DANA reqMsgId the story began with;
 * `causationId` is that reqMsgId for events a request caused, or the id of the event a reaction
 * (the fulfilment follow-up) answered.
 */
export type Causation = { correlationId: string; causationId: string };

export const EVENT_SCHEMA_VERSION = 1;

export const causedByRequest = (reqMsgId: string): Causation => ({
  correlationId: reqMsgId,
  causationId: reqMsgId,
});

export function eventMetadata(causation: Causation, recordedAt: Date): EventMetadata {
  return {
    correlationId: causation.correlationId,
    causationId: causation.causationId,
    recordedAt: recordedAt.toISOString(),
    schemaVersion: EVENT_SCHEMA_VERSION,
  };
}
