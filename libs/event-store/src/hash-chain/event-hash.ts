import { createHash } from 'node:crypto';
import type { EventMetadata, JsonObject, JsonValue, RecordedEvent } from '../event-store.port';
import { canonicalJson } from './canonical-json';

/** The metadata keys the hash chain owns; a writer may not set them itself. */
export const CHAIN_KEYS = ['hash', 'previousHash'] as const;

/** Everything an event's hash covers: where it sits in its stream, what it says, and the link to its predecessor. */
export interface HashedFields {
  /** The hash of the event before it in its stream; null for a stream's first event. */
  previousHash: string | null;
  stream: string;
  revision: bigint;
  id: string;
  type: string;
  data: JsonObject;
  /** The writer's metadata, without the chain keys. */
  metadata: EventMetadata;
}

/** sha256 (hex) over a canonical encoding, so any change to a covered field, or to the link, changes it. */
export function eventHash(fields: HashedFields): string {
  const covered: JsonObject = {
    previousHash: fields.previousHash,
    stream: fields.stream,
    revision: fields.revision.toString(),
    id: fields.id,
    type: fields.type,
    data: fields.data,
    metadata: fields.metadata,
  };
  return createHash('sha256').update(canonicalJson(covered), 'utf8').digest('hex');
}

/** The hash a stored event's fields come to now, its previousHash as stored taken as the link. */
export function recomputedEventHash(event: RecordedEvent): string {
  const previousHash = event.metadata.previousHash;
  return eventHash({
    previousHash: typeof previousHash === 'string' ? previousHash : null,
    stream: event.stream,
    revision: event.revision,
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: withoutChainKeys(event.metadata),
  });
}

export function withoutChainKeys(metadata: EventMetadata): EventMetadata {
  const { hash: _hash, previousHash: _previousHash, ...rest } = metadata;
  return rest;
}

/** The hash stored in an event's metadata, when it has a usable one. */
export function storedHash(metadata: EventMetadata): string | undefined {
  const hash: JsonValue | undefined = metadata.hash;
  return typeof hash === 'string' ? hash : undefined;
}
