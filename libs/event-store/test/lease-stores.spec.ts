import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLeaseStore } from '../src';
import { KurrentDbEventStore } from '../src/kurrentdb.event-store';
import { EventStoreLeaseRows } from '../src/leases/event-store.lease-rows';
import { RuledLeaseStore } from '../src/leases/lease-rules';
import { MemoryLeaseRows } from '../src/leases/memory.lease-rows';
import { FakeKurrentDb } from './kurrentdb.fake-server';
import { leaseStoreContract } from './lease-store.contract';
import { ThrowawaySchemas } from './postgres-schemas';

leaseStoreContract('in-process', async () => {
  const rows = new MemoryLeaseRows();
  return async (clock) => new RuledLeaseStore(rows, clock);
});

const folders: string[] = [];
afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));
leaseStoreContract('SQLite', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'kios-leases-'));
  folders.push(folder);
  const url = `sqlite:${join(folder, 'events.db')}`;
  return async (clock) => (await openLeaseStore(url, clock)).store;
});

it('opens SQLite leases in a folder not made yet, as the event store does', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'kios-leases-'));
  folders.push(folder);
  const { store, shared } = await openLeaseStore(`sqlite:${join(folder, 'new', 'events.db')}`, {
    now: () => new Date(),
  });
  try {
    expect(shared).toBe(true);
    expect((await store.acquire('order_detail', 'replica-a', 1_000)).held).toBe(true);
  } finally {
    await store.close();
  }
});

const schemas = new ThrowawaySchemas();
afterAll(() => schemas.dropAll());
leaseStoreContract('PostgreSQL', async () => {
  const url = schemas.newUrl();
  return async (clock) => (await openLeaseStore(url, clock)).store;
});

const fakes: FakeKurrentDb[] = [];
afterAll(() => Promise.all(fakes.map((fake) => fake.stop())));
async function startFake(): Promise<FakeKurrentDb> {
  const fake = await FakeKurrentDb.start({
    batchAppend: true,
    firstCommitPosition: 1_000n,
    created: new Date('2026-01-01T00:00:00Z'),
  });
  fakes.push(fake);
  return fake;
}

// Through openLeaseStore, so through KurrentDbEventStore and the client, onto the gRPC fake.
leaseStoreContract('KurrentDB (gRPC fake)', async () => {
  const { url } = await startFake();
  return async (clock) => (await openLeaseStore(url, clock)).store;
});

it('opens KurrentDB leases shared by the replicas on one server', async () => {
  const { url } = await startFake();
  const { store, shared } = await openLeaseStore(url, { now: () => new Date() });
  try {
    expect(shared).toBe(true);
    expect((await store.acquire('order_detail', 'replica-a', 1_000)).held).toBe(true);
  } finally {
    await store.close();
  }
});

/** e.g. kurrentdb://127.0.0.1:2113?tls=false — `docker compose up kurrentdb` provides one. */
const kurrentDb = process.env.KIOS_TEST_KURRENTDB;
if (kurrentDb) {
  // A real server keeps its streams between runs: each place writes under a prefix of its own.
  leaseStoreContract('KurrentDB', async () => {
    const prefix = `kios-test-${randomUUID()}`;
    return async (clock) =>
      new RuledLeaseStore(new EventStoreLeaseRows(KurrentDbEventStore.connect(kurrentDb), { prefix }), clock);
  });
} else {
  describe('KurrentDB lease store (contract)', () => {
    const reason = 'KIOS_TEST_KURRENTDB is not set (no KurrentDB server on this machine)';
    // Logged when the file is collected, so every run says plainly that this suite did not run.
    process.stderr.write(`KurrentDB lease store contract skipped: ${reason}\n`);

    it.skip(`skipped: ${reason}`, () => undefined);
  });
}
