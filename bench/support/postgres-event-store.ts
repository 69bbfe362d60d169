import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { type EventMetadata, type JsonObject, PostgresEventStore } from '@kios/event-store';
import { TEST_POSTGRES_URL } from '@kios/testing';
import type { BenchResult } from '../bench-result';

const WRITERS = 16;
const ROUNDS = 4;
const APPENDS_PER_ROUND = 4_000;
const READ_ROUNDS = 3;
const EVENTS_TO_READ = 100_000;

export interface SampleEvent {
  data: JsonObject;
  metadata: EventMetadata;
}

/**
 * PostgresEventStore on the test PostgreSQL (KIOS_TEST_POSTGRES), each figure against the same
 * run's raw pg: 16 writers appending one event to a new stream each, against 16 connections each
 * doing a single-row INSERT (its own commit) into a copy of the events table, indexes included;
 * and readAll against one SELECT of every row. Rounds alternate raw/adapter, as for SQLite.
 */
export async function benchPostgresEventStore({ data, metadata }: SampleEvent): Promise<BenchResult[]> {
  const schema = `kios_bench_${randomBytes(6).toString('hex')}`;
  const url = `${TEST_POSTGRES_URL}?schema=${schema}`;
  const admin = new Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  try {
    const store = await PostgresEventStore.open(url, { poolSize: WRITERS });
    await admin.query(`CREATE TABLE "${schema}".raw_events (LIKE "${schema}".events INCLUDING ALL)`);
    const raw = await rawWriters(schema, data, metadata);
    const appendSeconds = { raw: 0, store: 0 };
    for (let round = 0; round < ROUNDS; round += 1) {
      appendSeconds.raw += await raw.insertEach(round);
      appendSeconds.store += await timed(() =>
        inParallel(WRITERS, APPENDS_PER_ROUND, (i) =>
          store.append(`order-${round}-${i}`, [{ type: 'OrderPlaced', data, metadata }], 'no_stream'),
        ),
      );
    }
    await raw.close();

    await admin.query(`TRUNCATE "${schema}".events`);
    await fillForReading(admin, schema, data, metadata);
    const readSeconds = { raw: 0, store: 0 };
    for (let round = 0; round < READ_ROUNDS; round += 1) {
      readSeconds.raw += await rawSelectAll(admin, schema);
      readSeconds.store += await storeReadAll(store);
    }
    await store.close();

    const appends = ROUNDS * APPENDS_PER_ROUND;
    const reads = READ_ROUNDS * EVENTS_TO_READ;
    const appendRate = appends / appendSeconds.store;
    const rawAppendRate = appends / appendSeconds.raw;
    const readRate = reads / readSeconds.store;
    const rawReadRate = reads / readSeconds.raw;
    return [
      {
        name: `PostgresEventStore.append, 1 event to a new stream, ${WRITERS} concurrent writers`,
        value: appendRate,
        unit: 'appends/s',
        baseline: { name: `pg INSERT of 1 row + COMMIT on ${WRITERS} connections`, value: rawAppendRate },
        ratio: appendRate / rawAppendRate,
        goal: '≥ 70% of baseline',
      },
      {
        name: 'PostgresEventStore.readAll',
        value: readRate,
        unit: 'events/s',
        baseline: { name: 'pg SELECT of every row in global order', value: rawReadRate },
        ratio: readRate / rawReadRate,
      },
    ];
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  }
}

/** The baseline writers: 16 connections, one autocommitted INSERT per row, payload serialised once. */
async function rawWriters(schema: string, data: object, metadata: object) {
  const clients = await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      const client = new Client({ connectionString: TEST_POSTGRES_URL });
      await client.connect();
      return client;
    }),
  );
  const json = JSON.stringify(data);
  const meta = JSON.stringify(metadata);
  const insert = `INSERT INTO "${schema}".raw_events (stream, revision, id, type, data, metadata, recorded_at) VALUES ($1, 0, $2, 'OrderPlaced', $3, $4, $5)`;
  return {
    /** Seconds taken to insert one row per stream of the round. */
    insertEach: (round: number) =>
      timed(() =>
        inParallel(WRITERS, APPENDS_PER_ROUND, (i, writer) =>
          clients[writer].query(insert, [`order-${round}-${i}`, randomUUID(), json, meta, new Date()]),
        ),
      ),
    close: () => Promise.all(clients.map((client) => client.end())),
  };
}

/** Runs `work` for 0…count-1 on `writers` loops at once, each waiting for its previous call. */
async function inParallel(
  writers: number,
  count: number,
  work: (i: number, writer: number) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      for (let i = next++; i < count; i = next++) await work(i, writer);
    }),
  );
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

/** 100,000 events, four per stream, in one statement (one transaction). */
async function fillForReading(admin: Client, schema: string, data: object, metadata: object): Promise<void> {
  await admin.query(
    `INSERT INTO "${schema}".events (stream, revision, id, type, data, metadata, recorded_at)
     SELECT 'order-' || (i / 4), i % 4, gen_random_uuid()::text, 'OrderPlaced', $1::json, $2::json, now()
     FROM generate_series(0, $3 - 1) AS i`,
    [JSON.stringify(data), JSON.stringify(metadata), EVENTS_TO_READ],
  );
}

/** Seconds to fetch every row, parsed by pg as the adapter's are. */
async function rawSelectAll(admin: Client, schema: string): Promise<number> {
  const seconds = await timed(async () => {
    const { rowCount } = await admin.query(
      `SELECT * FROM "${schema}".events ORDER BY transaction_id, position`,
    );
    if (rowCount !== EVENTS_TO_READ)
      throw new Error(`SELECT returned ${rowCount} rows, expected ${EVENTS_TO_READ}`);
  });
  return seconds;
}

/** Seconds for readAll to deliver every event. */
async function storeReadAll(store: PostgresEventStore): Promise<number> {
  let events = 0;
  const seconds = await timed(async () => {
    for await (const _event of store.readAll()) events += 1;
  });
  if (events !== EVENTS_TO_READ)
    throw new Error(`readAll returned ${events} events, expected ${EVENTS_TO_READ}`);
  return seconds;
}
