// Between the event store port and KurrentDB's client: expected versions, $all filters, recorded events, errors.
import {
  ANY,
  type AppendStreamState,
  CancelledError,
  DeadlineExceededError,
  eventTypeFilter,
  excludeSystemEvents,
  type Filter,
  NO_STREAM,
  NotLeaderError,
  type RecordedEvent as ClientRecordedEvent,
  STREAM_EXISTS,
  streamNameFilter,
  UnavailableError,
} from '@kurrent/kurrentdb-client';
import { matchesFilter } from './all-filter';
import type {
  AllFilter,
  EventMetadata,
  ExpectedVersion,
  JsonObject,
  RecordedEvent,
} from './event-store.port';

export function toStreamState(expected: ExpectedVersion): AppendStreamState {
  switch (expected) {
    case 'no_stream':
      return NO_STREAM;
    case 'any':
      return ANY;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return expected;
  }
}

/**
 * The server applies one filter; pick the most selective and check the rest here. Every choice
 * keeps system events ($-prefixed types: statistics, stream metadata, links) off the wire when it can.
 */
export function toServerFilter(filter: AllFilter | undefined): Filter {
  if (filter?.eventTypes?.length) {
    return eventTypeFilter({ regex: `^(?:${filter.eventTypes.map(escapeRegex).join('|')})$` });
  }
  if (filter?.streamPrefixes?.length) return streamNameFilter({ prefixes: filter.streamPrefixes });
  return excludeSystemEvents();
}

export function isKiosEvent(event: ClientRecordedEvent, filter: AllFilter | undefined): boolean {
  return !event.type.startsWith('$') && matchesFilter(event.streamId, event.type, filter);
}

export function isTransient(error: unknown): error is Error {
  return (
    error instanceof UnavailableError ||
    error instanceof DeadlineExceededError ||
    error instanceof CancelledError ||
    error instanceof NotLeaderError
  );
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function toRecorded(event: ClientRecordedEvent): RecordedEvent {
  if (!event.isJson)
    throw new Error(`event ${event.id} in stream ${event.streamId} is not JSON; kios stores JSON only`);
  if (!event.position)
    throw new Error(`KurrentDB returned event ${event.id} in stream ${event.streamId} without a position`);
  return {
    id: event.id,
    type: event.type,
    stream: event.streamId,
    revision: event.revision,
    position: { commit: event.position.commit, prepare: event.position.prepare },
    data: event.data as JsonObject,
    metadata: toMetadata(event),
    recordedAt: event.created,
  };
}

function toMetadata(event: ClientRecordedEvent): EventMetadata {
  const metadata = event.metadata;
  if (metadata === undefined) return {};
  if (metadata instanceof Uint8Array || typeof metadata !== 'object' || Array.isArray(metadata)) {
    throw new Error(`event ${event.id} in stream ${event.streamId} has metadata that is not a JSON object`);
  }
  return metadata as EventMetadata;
}
