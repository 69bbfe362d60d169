import {
  AggregateRepository,
  ConcurrencyError,
  type DomainEvent,
  eventDecoder,
  type EventStore,
  InMemoryEventStore,
  isPositiveInteger,
  shape,
  type StateFold,
  UnreadableEvent,
} from '../src';

type CounterEvent = DomainEvent<'Added', { amount: number }>;
type Counter = { total: number; additions: number };

const counter: StateFold<Counter, CounterEvent> = {
  initialState: { total: 0, additions: 0 },
  evolve: (state, event) => ({ total: state.total + event.data.amount, additions: state.additions + 1 }),
  decode: eventDecoder<CounterEvent>({
    Added: { schemaVersion: 1, check: shape({ amount: isPositiveInteger }) },
  }),
};
const add = (amount: number): CounterEvent => ({ type: 'Added', data: { amount } });
const metadata = { correlationId: 'reqMsgId-1', causationId: 'cmd-1', schemaVersion: 1 };

class NotAllowed extends Error {}

describe('AggregateRepository', () => {
  let store: InMemoryEventStore;
  let repository: AggregateRepository;
  beforeEach(() => {
    store = new InMemoryEventStore();
    repository = new AggregateRepository(store);
  });

  it('loads a missing stream as the initial state with no revision', async () => {
    expect(await repository.load('counter-1', counter)).toEqual({
      state: { total: 0, additions: 0 },
      revision: undefined,
    });
  });

  it('creates a new stream with no_stream and returns the new state and stored events', async () => {
    const result = await repository.handle('counter-1', counter, () => [add(5), add(2)], metadata);

    expect(result.state).toEqual({ total: 7, additions: 2 });
    expect(result.revision).toBe(1n);
    expect(result.newEvents.map((e) => [e.type, e.data, e.revision, e.metadata])).toEqual([
      ['Added', { amount: 5 }, 0n, metadata],
      ['Added', { amount: 2 }, 1n, metadata],
    ]);
    await expect(store.append('counter-1', [add(1)], 'no_stream')).rejects.toBeInstanceOf(ConcurrencyError);
  });

  it('folds the stored events and decides against them, appending at the revision it read', async () => {
    await repository.handle('counter-1', counter, () => [add(5)], metadata);
    const appendSpy = jest.spyOn(store, 'append');

    const seen: Array<[Counter, bigint | undefined]> = [];
    const result = await repository.handle(
      'counter-1',
      counter,
      (state, revision) => {
        seen.push([state, revision]);
        return [add(10)];
      },
      metadata,
    );

    expect(seen).toEqual([[{ total: 5, additions: 1 }, 0n]]);
    expect(appendSpy).toHaveBeenCalledWith('counter-1', expect.any(Array), 0n);
    expect(result).toMatchObject({ state: { total: 15, additions: 2 }, revision: 1n });
  });

  it('appends nothing when the decision is no new events', async () => {
    await repository.handle('counter-1', counter, () => [add(5)], metadata);

    const result = await repository.handle('counter-1', counter, () => [], metadata);

    expect(result).toEqual({ state: { total: 5, additions: 1 }, revision: 0n, newEvents: [] });
    expect(await store.readStream('counter-1')).toHaveLength(1);
  });

  it('re-reads and decides again when a concurrent writer wins the race', async () => {
    const decisions: Counter[] = [];
    const result = await repository.handle(
      'counter-1',
      counter,
      (state) => {
        decisions.push(state);
        // The first time, another writer appends between this read and the append.
        if (decisions.length === 1) void store.append('counter-1', [add(100)], 'no_stream');
        return state.total >= 100 ? [] : [add(1)];
      },
      metadata,
    );

    expect(decisions).toEqual([
      { total: 0, additions: 0 },
      { total: 100, additions: 1 },
    ]);
    expect(result).toEqual({ state: { total: 100, additions: 1 }, revision: 0n, newEvents: [] });
  });

  it('gives up with the ConcurrencyError after a bounded number of attempts', async () => {
    const alwaysConflicting: EventStore = Object.assign(Object.create(store) as EventStore, {
      append: async () => {
        throw new ConcurrencyError('counter-1', 'no_stream', 0n);
      },
    });
    const decide = jest.fn(() => [add(1)]);

    await expect(
      new AggregateRepository(alwaysConflicting, 3).handle('counter-1', counter, decide, metadata),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    expect(decide).toHaveBeenCalledTimes(3);
  });

  it('lets a domain error from decide pass through without retrying or appending', async () => {
    const decide = jest.fn((): CounterEvent[] => {
      throw new NotAllowed('no');
    });

    await expect(repository.handle('counter-1', counter, decide, metadata)).rejects.toBeInstanceOf(
      NotAllowed,
    );
    expect(decide).toHaveBeenCalledTimes(1);
    expect(await store.readStream('counter-1')).toEqual([]);
  });

  describe('reading stored events through the decoder', () => {
    it('throws UnreadableEvent naming the stream, revision and field when a stored event has the wrong shape', async () => {
      await store.append('counter-1', [add(5), { type: 'Added', data: { amount: '7' } }], 'no_stream');

      const loading = repository.load('counter-1', counter);

      await expect(loading).rejects.toBeInstanceOf(UnreadableEvent);
      await expect(loading).rejects.toThrow(
        'unreadable event Added at counter-1@1: data.amount must be a positive integer, got "7"',
      );
    });

    it('decides nothing on a stream it cannot read', async () => {
      await store.append('counter-1', [{ type: 'Subtracted', data: { amount: 1 } }], 'no_stream');
      const decide = jest.fn(() => [add(1)]);

      await expect(repository.handle('counter-1', counter, decide, metadata)).rejects.toThrow(
        /unreadable event Subtracted at counter-1@0: not a type/,
      );
      expect(decide).not.toHaveBeenCalled();
    });

    it("stores each event's schemaVersion as its decoder's current one", async () => {
      const v2: StateFold<Counter, CounterEvent> = {
        ...counter,
        decode: eventDecoder<CounterEvent>({
          Added: {
            schemaVersion: 2,
            check: shape({ amount: isPositiveInteger }),
            upcast: { 1: (data) => data },
          },
        }),
      };

      await repository.handle('counter-1', v2, () => [add(5)], metadata);

      const [stored] = await store.readStream('counter-1');
      expect(stored.metadata).toEqual({ ...metadata, schemaVersion: 2 });
    });
  });

  describe('deciding from a state the caller already holds', () => {
    it('appends at the known revision without reading the stream', async () => {
      const known = await repository.handle('counter-1', counter, () => [add(5)], metadata);
      const readSpy = jest.spyOn(store, 'readStream');
      const appendSpy = jest.spyOn(store, 'append');

      const result = await repository.decideFromKnownState(
        'counter-1',
        counter,
        known,
        () => [add(2)],
        metadata,
      );

      expect(result).toEqual({ state: { total: 7, additions: 2 }, revision: 1n, appended: 1 });
      expect(appendSpy).toHaveBeenCalledWith('counter-1', expect.any(Array), 0n);
      expect(readSpy).not.toHaveBeenCalled();
    });

    it('appends nothing and answers the known state when the decision is no new events', async () => {
      const known = await repository.load('counter-1', counter);

      const result = await repository.decideFromKnownState('counter-1', counter, known, () => [], metadata);

      expect(result).toEqual({ state: { total: 0, additions: 0 }, revision: undefined, appended: 0 });
      expect(await store.readStream('counter-1')).toEqual([]);
    });

    it('re-reads and decides again when the known state is stale', async () => {
      const stale = await repository.load('counter-1', counter);
      await store.append('counter-1', [add(100)], 'no_stream');
      const decisions: Counter[] = [];

      const result = await repository.decideFromKnownState(
        'counter-1',
        counter,
        stale,
        (state) => {
          decisions.push(state);
          return [add(1)];
        },
        metadata,
      );

      expect(decisions).toEqual([
        { total: 0, additions: 0 },
        { total: 100, additions: 1 },
      ]);
      expect(result).toEqual({ state: { total: 101, additions: 2 }, revision: 1n, appended: 1 });
    });
  });
});
