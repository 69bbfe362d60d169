import {
  type DomainEvent,
  type EventDecoder,
  type EventMetadata,
  type JsonObject,
  type StoredEvent,
  UnreadableEvent,
} from '@kios/event-store';

/** A stored event as a reader gets it: `data` as JSON, at `stream@revision`, with its metadata. */
export function storedEvent(
  type: string,
  data: unknown,
  place: { stream?: string; revision?: bigint; metadata?: EventMetadata } = {},
): StoredEvent {
  return {
    type,
    data: JSON.parse(JSON.stringify(data)) as JsonObject,
    metadata: place.metadata ?? { schemaVersion: 1 },
    stream: place.stream ?? 'test-1',
    revision: place.revision ?? 0n,
  };
}

/** An event as a JSON round trip gives it back: what a reader of the store sees. */
export const asStored = <E extends DomainEvent>(event: E): E => JSON.parse(JSON.stringify(event)) as E;

/**
 * given/when/then for event decoders (like decider-spec.ts): `given` a stored event, `when` decoded,
 * `then` the domain event, or UnreadableEvent with the message that names the stream, revision and why.
 */
export const DecoderSpec = {
  for<E extends DomainEvent>(decode: EventDecoder<E>) {
    return {
      given(stored: StoredEvent) {
        return {
          whenDecoded() {
            const run = () => decode(stored);
            return {
              then(expected: E) {
                expect(run()).toEqual(expected);
              },
              thenUnreadable(message: string | RegExp) {
                expect(run).toThrow(UnreadableEvent);
                expect(run).toThrow(message);
              },
            };
          },
        };
      },
    };
  },
};
