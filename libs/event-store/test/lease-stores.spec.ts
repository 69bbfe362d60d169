import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLeaseStore } from '../src';
import { RuledLeaseStore } from '../src/leases/lease-rules';
import { MemoryLeaseRows } from '../src/leases/memory.lease-rows';
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
