import {
  AggregateRepository,
  type DomainEvent,
  type EventDecoder,
  type EventMetadata,
  type EventSourcedDecider,
  SqliteEventStore,
} from '@kios/event-store';
import { asStored } from './decoder-spec';

export interface StoredEventsCase<C, E extends DomainEvent, S> {
  /** The stream the events are written to. */
  stream: string;
  decider: EventSourcedDecider<C, E, S>;
  decode: EventDecoder<E>;
  /** Every event type, in every form its writers give it, by a name for the test. */
  writtenToday: Record<string, E>;
  /** Metadata as the writers of these events give it. */
  metadata: EventMetadata;
}

/**
 * The round trip every stream kind's events must survive: each form its writers give an event,
 * appended through the aggregate repository into a real SQLite store and read back, decodes to
 * itself, and the decoder knows exactly the types written. Declares the tests inside the calling
 * `describe`; what it returns gives that describe's own tests the store and repository of the test.
 */
export function roundTripsThroughTheStore<C, E extends DomainEvent, S>(
  events: StoredEventsCase<C, E, S>,
): { store(): SqliteEventStore; repository(): AggregateRepository } {
  let store: SqliteEventStore;
  let repository: AggregateRepository;
  beforeEach(() => {
    store = SqliteEventStore.open(':memory:');
    repository = new AggregateRepository(store);
  });
  afterEach(() => store.close());

  it('decodes exactly the types its writers write', () => {
    const types = new Set(Object.values(events.writtenToday).map((event) => event.type));
    expect([...events.decode.types].sort()).toEqual([...types].sort());
  });

  it.each(Object.entries(events.writtenToday))('%s decodes to itself', async (_, event) => {
    await repository.handle(events.stream, events.decider, () => [event], events.metadata);

    const [stored] = await store.readStream(events.stream);

    expect(stored.metadata.schemaVersion).toBe(events.decode.schemaVersionOf(event.type));
    expect(events.decode(stored)).toEqual(asStored(event));
  });

  return { store: () => store, repository: () => repository };
}
