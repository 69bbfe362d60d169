import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { systemClock } from '@kios/dana-protocol';
import { openKiosEventStore } from '@kios/event-store';
import { kiosProjections, openReadModel, rebuildProjections } from '@kios/projections';
import { TEST_POSTGRES_URL } from '@kios/testing';
import { Client } from 'pg';
import { snapshot } from '../../libs/projections/test/rebuild/read-model-snapshot';
import { eventually } from './eventually';
import { type KiosProcess, tempDataDir } from './kios-process';
import { runApp } from './run-cli';

/** Where a test keeps a read model: a URL for a data folder, and how to remove what it made. */
export interface ReadModelUnderTest {
  name: string;
  url(dataDir: string): string;
  dispose(url: string): Promise<void>;
}

export const sqliteReadModel: ReadModelUnderTest = {
  name: 'SQLite',
  url: (dataDir) => `sqlite:${join(dataDir, 'read.db')}`,
  dispose: async () => undefined,
};

/** A fresh schema on the test PostgreSQL each time; `dispose` drops it and the schemas named after it. */
export const postgresReadModel: ReadModelUnderTest = {
  name: 'PostgreSQL',
  url: () => `${TEST_POSTGRES_URL}?schema=kios_e2e_${randomBytes(5).toString('hex')}`,
  dispose: (url) => dropSchemasOf(url),
};

/** Drops the schema a `postgres://…?schema=` URL names, and those whose names start with it. */
export async function dropSchemasOf(url: string): Promise<void> {
  const schema = new URL(url).searchParams.get('schema')!;
  const client = new Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE $1`, [
      `${schema}%`,
    ]);
    for (const { nspname } of rows) await client.query(`DROP SCHEMA "${nspname}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** Each projection's lag in events, as `kios-cli projections status --json` reports it. */
export async function projectionLags(env: Record<string, string>): Promise<number[]> {
  const run = await runApp('kios-cli', ['projections', 'status', '--json'], env);
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout).map((projection: { lag: { events: number } }) => projection.lag.events);
}

/**
 * Stops every kios (all on the same stores) with every projection caught up. Orders still settling
 * append events after the lag was last seen at 0, so the lag is read again once they are all down
 * (the store can no longer change) and they run on until that reading is 0 too.
 */
export async function stopCaughtUp(...processes: KiosProcess[]): Promise<void> {
  const env = processes[0].env();
  const caughtUp = kiosProjections.map(() => 0);
  await eventually(
    async () => {
      await eventually(async () => expect(await projectionLags(env)).toEqual(caughtUp), 20_000, 200);
      await Promise.all(processes.map((kios) => kios.kill()));
      const lagsWhenStopped = await projectionLags(env);
      if (lagsWhenStopped.some((lag) => lag > 0)) await Promise.all(processes.map((kios) => kios.start()));
      expect(lagsWhenStopped).toEqual(caughtUp);
    },
    60_000,
    0,
  );
}

/** Every projection's rows as `readModelUrl` holds them now. */
export async function readModelRows(readModelUrl: string) {
  const live = await openReadModel(readModelUrl, kiosProjections);
  try {
    return await snapshot(live, kiosProjections);
  } finally {
    await live.destroy();
  }
}

/** What projecting the whole event store from scratch gives, in a fresh database. */
export async function referenceRows(eventStore: string, readModel: ReadModelUnderTest) {
  const url = readModel.url(tempDataDir('kios-reference-'));
  const store = await openKiosEventStore(eventStore, systemClock);
  try {
    await rebuildProjections({ store, readModelUrl: url, projections: kiosProjections });
    return await readModelRows(url);
  } finally {
    await store.close();
    await readModel.dispose(url);
  }
}
