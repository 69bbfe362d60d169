import { FixedClock } from '@kios/dana-protocol';
import { ConcurrencyError } from '../src';
import { KurrentDbEventStore } from '../src/kurrentdb.event-store';
import { EventStoreLeaseRows, type LeaseEventStore } from '../src/leases/event-store.lease-rows';
import { RuledLeaseStore } from '../src/leases/lease-rules';
import { FakeKurrentDb } from './kurrentdb.fake-server';

const TTL_MS = 10_000;
const LEASE_STREAM = 'kios-lease-order_detail';

/** Lets callers through once `parties` of them arrived; later callers pass at once. */
function barrier(parties: number): () => Promise<void> {
  let waiting = parties;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return async () => {
    waiting -= 1;
    if (waiting <= 0) open();
    await opened;
  };
}

/** A replica's store whose reads answer only once the other replica has read too. */
function readingInStep(store: KurrentDbEventStore, bothRead: () => Promise<void>): LeaseEventStore {
  return {
    append: (...args) => store.append(...args),
    readStream: async (...args) => {
      const events = await store.readStream(...args);
      await bothRead();
      return events;
    },
    close: () => store.close(),
  };
}

describe('leases as KurrentDB streams (gRPC fake)', () => {
  let fake: FakeKurrentDb;
  let clock: FixedClock;
  const opened: RuledLeaseStore[] = [];
  const replica = (store: LeaseEventStore) => {
    const leases = new RuledLeaseStore(new EventStoreLeaseRows(store), clock);
    opened.push(leases);
    return leases;
  };

  beforeEach(async () => {
    fake = await FakeKurrentDb.start({
      batchAppend: true,
      firstCommitPosition: 1_000n,
      created: new Date('2026-01-01T00:00:00Z'),
    });
    clock = new FixedClock(new Date('2026-01-01T00:00:00Z'));
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((leases) => leases.close()));
    await fake.stop();
  });

  it('gives a lease two replicas decided to take at once to the one the expected revision let write', async () => {
    const bothRead = barrier(2);
    const [a, b] = [0, 1].map(() => replica(readingInStep(KurrentDbEventStore.connect(fake.url), bothRead)));

    const answers = await Promise.all([
      a.acquire('order_detail', 'replica-a', TTL_MS),
      b.acquire('order_detail', 'replica-b', TTL_MS),
    ]);

    expect(answers.filter((answer) => answer.held)).toHaveLength(1);
    expect(answers[0].lease).toEqual(answers[1].lease);
    // Both saw no stream and wrote expecting none; the server kept one write.
    const leaseAppends = fake.appends.filter((append) => append.stream === LEASE_STREAM);
    expect(leaseAppends.map((append) => append.expected)).toEqual(['no_stream', 'no_stream']);
    expect(fake.events.filter((event) => event.stream === LEASE_STREAM)).toHaveLength(1);
    expect(await a.list()).toEqual([answers[0].lease]);
  });

  it('keeps lease events out of $all, where projections, lag and the hash chain read', async () => {
    const store = KurrentDbEventStore.connect(fake.url);
    const leases = replica(KurrentDbEventStore.connect(fake.url));
    try {
      const { lease } = await leases.acquire('order_detail', 'replica-a', TTL_MS);
      await leases.renew(lease, TTL_MS);
      const kios = await store.append('order-1', [{ type: 'OrderPlaced', data: {} }], 'no_stream');

      const all = [];
      for await (const event of store.readAll()) all.push(event.stream);
      const byPrefix = [];
      for await (const event of store.readAll({ filter: { streamPrefixes: ['kios-lease'] } }))
        byPrefix.push(event);

      expect(all).toEqual(['order-1']);
      expect(byPrefix).toEqual([]);
      expect(await store.headPosition()).toEqual(kios.position);
    } finally {
      await store.close();
    }
  });

  it('sets a lease stream’s $maxCount once, when the stream is made, so renewals do not grow it forever', async () => {
    const leases = replica(KurrentDbEventStore.connect(fake.url));
    const { lease } = await leases.acquire('order_detail', 'replica-a', TTL_MS);
    await leases.renew(lease, TTL_MS);

    const metadata = fake.events.filter((event) => event.stream === `$$${LEASE_STREAM}`);
    expect(metadata.map((event) => [event.properties.type, JSON.parse(event.data.toString())])).toEqual([
      ['$metadata', { $maxCount: 10 }],
    ]);
    expect(fake.events.filter((event) => event.stream === LEASE_STREAM)).toHaveLength(2);
  });
});

it('gives up a change after a bounded number of conflicting writes, naming the lease', async () => {
  let leaseAppends = 0;
  const alwaysOvertaken: LeaseEventStore = {
    readStream: async () => [],
    append: async (stream, _events, expected) => {
      if (stream !== LEASE_STREAM) return { nextExpectedRevision: 0n, position: { commit: 0n, prepare: 0n } };
      leaseAppends += 1;
      throw new ConcurrencyError(stream, expected, 0n);
    },
    close: async () => undefined,
  };
  const leases = new RuledLeaseStore(
    new EventStoreLeaseRows(alwaysOvertaken, { attempts: 3 }),
    new FixedClock(new Date('2026-01-01T00:00:00Z')),
  );

  await expect(leases.acquire('order_detail', 'replica-a', TTL_MS)).rejects.toThrow(
    'lease order_detail: changed by another replica 3 times in a row',
  );
  expect(leaseAppends).toBe(3);
});
