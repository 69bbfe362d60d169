import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type SqliteSynchronous } from '@kios/event-store';
import { openEventsDatabase } from '../libs/event-store/src/sqlite.schema';
import type { BenchResult } from './bench-result';
import { benchPostgresEventStore } from './support/postgres-event-store';

/** Rounds and appends per round for each `synchronous` mode: FULL waits for an fsync per commit. */
const APPEND_ROUNDS: Record<SqliteSynchronous, { rounds: number; perRound: number }> = {
  FULL: { rounds: 4, perRound: 1_000 },
  NORMAL: { rounds: 8, perRound: 2_500 },
};
/** Appends in flight at once for the group-commit figure, as Create Orders under load issue them. */
const CONCURRENT_APPENDS = 64;
const READ_ROUNDS = 3;
const EVENTS_TO_READ = 100_000;

/** A typical kios event: an OrderPlaced payload and the metadata every event carries. */
const data = {
  requestId: 'REQ-20250115-000000001',
  productId: 'TELKOMSEL-PULSA-10K',
  destination: { primaryParam: '081234567890' },
  price: { minor: '1050000', currency: 'IDR' },
  danaSellingPrice: { minor: '1100000', currency: 'IDR' },
  placedAt: '2025-01-15T10:00:00+07:00',
};
const metadata = {
  correlationId: 'reqMsgId-2025-01-15-0001',
  causationId: '0d8e4c3a-6a43-4a6f-9c53-0f3f7cfb1b11',
  recordedAt: '2025-01-15T10:00:00+07:00',
  schemaVersion: 1,
};

/**
 * SQLite adapter against raw better-sqlite3 on the same pragmas and table, in the same run. Short
 * rounds alternate raw/adapter so a load change on the machine hits both alike; rates are totals.
 * Then the PostgreSQL adapter against raw pg (bench/support/postgres-event-store.ts).
 */
export async function benchEventStore(): Promise<BenchResult[]> {
  return [...(await benchSqlite()), ...(await benchPostgresEventStore({ data, metadata }))];
}

async function benchSqlite(): Promise<BenchResult[]> {
  const folder = mkdtempSync(join(tmpdir(), 'kios-bench-event-store-'));
  try {
    const appendResults = [
      ...(await benchSqliteAppends(folder, 'FULL')),
      ...(await benchSqliteAppends(folder, 'NORMAL')),
    ];
    const readFile = join(folder, 'read.db');
    fillForReading(readFile);
    const readSeconds = { raw: 0, store: 0 };
    for (let round = 0; round < READ_ROUNDS; round += 1) {
      readSeconds.raw += rawSelectAll(readFile);
      readSeconds.store += await storeReadAll(readFile);
    }
    const reads = READ_ROUNDS * EVENTS_TO_READ;
    return [
      ...appendResults,
      result(
        'SqliteEventStore.readAll',
        reads / readSeconds.store,
        'events/s',
        { name: 'better-sqlite3 SELECT iterate', value: reads / readSeconds.raw },
        '≥ 100,000 events/s',
      ),
    ];
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * Appends against raw INSERTs on the same `synchronous` mode (KIOS_SQLITE_SYNC): one at a time, and
 * CONCURRENT_APPENDS at a time, which group commit (docs/architecture.md §5) turns into one
 * transaction — one fsync with FULL — per event-loop turn.
 */
async function benchSqliteAppends(folder: string, synchronous: SqliteSynchronous): Promise<BenchResult[]> {
  const raw = rawInserter(join(folder, `raw-${synchronous}.db`), synchronous);
  const store = SqliteEventStore.open(join(folder, `store-${synchronous}.db`), { synchronous });
  const { rounds, perRound } = APPEND_ROUNDS[synchronous];
  const seconds = { raw: 0, store: 0, concurrent: 0 };
  try {
    for (let round = 0; round < rounds; round += 1) {
      const streams = (side: string) =>
        Array.from({ length: perRound }, (_, i) => `order-${side}${round}-${i}`);
      seconds.raw += raw.insertEach(streams(''));
      seconds.store += await appendEach(store, streams(''));
      seconds.concurrent += await appendConcurrently(store, streams('c'));
    }
  } finally {
    raw.close();
    await store.close();
  }
  const appends = rounds * perRound;
  const baseline = {
    name: `better-sqlite3 INSERT, 1 row per IMMEDIATE transaction, synchronous=${synchronous}`,
    value: appends / seconds.raw,
  };
  return [
    result(
      `SqliteEventStore.append, 1 event to a new stream, one at a time, synchronous=${synchronous}`,
      appends / seconds.store,
      'appends/s',
      baseline,
      '≥ 70% of baseline',
    ),
    result(
      `SqliteEventStore.append, ${CONCURRENT_APPENDS} in flight (group commit), synchronous=${synchronous}`,
      appends / seconds.concurrent,
      'appends/s',
      baseline,
    ),
  ];
}

/** The baseline writer: prepared INSERT, pre-serialised payload, one IMMEDIATE transaction per row. */
function rawInserter(file: string, synchronous: SqliteSynchronous) {
  const db = openEventsDatabase(file, synchronous);
  const insert = db.prepare(
    'INSERT INTO events (stream, revision, id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const insertOne = db.transaction((stream: string, id: string, json: string, meta: string, at: number) =>
    insert.run(stream, 0, id, 'OrderPlaced', json, meta, at),
  );
  const json = JSON.stringify(data);
  const meta = JSON.stringify(metadata);
  return {
    /** Seconds taken to insert one row per stream. */
    insertEach(streams: string[]): number {
      const ids = streams.map(() => randomUUID());
      const at = Date.now();
      const started = performance.now();
      streams.forEach((stream, i) => insertOne.immediate(stream, ids[i], json, meta, at));
      return (performance.now() - started) / 1000;
    },
    close: () => db.close(),
  };
}

/** Seconds the adapter takes to append one event to each (new) stream, one append at a time. */
async function appendEach(store: SqliteEventStore, streams: string[]): Promise<number> {
  const started = performance.now();
  for (const stream of streams)
    await store.append(stream, [{ type: 'OrderPlaced', data, metadata }], 'no_stream');
  return (performance.now() - started) / 1000;
}

/** Seconds the adapter takes to append one event to each (new) stream, CONCURRENT_APPENDS in flight. */
async function appendConcurrently(store: SqliteEventStore, streams: string[]): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENT_APPENDS }, async () => {
      while (next < streams.length) {
        const stream = streams[next];
        next += 1;
        await store.append(stream, [{ type: 'OrderPlaced', data, metadata }], 'no_stream');
      }
    }),
  );
  return (performance.now() - started) / 1000;
}

function fillForReading(file: string): void {
  const db = openEventsDatabase(file, 'NORMAL');
  const insert = db.prepare(
    'INSERT INTO events (stream, revision, id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const json = JSON.stringify(data);
  const meta = JSON.stringify(metadata);
  db.transaction(() => {
    for (let i = 0; i < EVENTS_TO_READ; i += 1) {
      insert.run(`order-${i >> 2}`, i & 3, randomUUID(), 'OrderPlaced', json, meta, 1736910000000 + i);
    }
  })();
  db.close();
}

/** Seconds to step through every row. */
function rawSelectAll(file: string): number {
  const db = openEventsDatabase(file, 'NORMAL');
  const select = db.prepare('SELECT * FROM events ORDER BY position');
  let rows = 0;
  const started = performance.now();
  for (const _row of select.iterate()) rows += 1;
  const seconds = (performance.now() - started) / 1000;
  db.close();
  if (rows !== EVENTS_TO_READ) throw new Error(`SELECT returned ${rows} rows, expected ${EVENTS_TO_READ}`);
  return seconds;
}

/** Seconds for readAll to deliver every event. */
async function storeReadAll(file: string): Promise<number> {
  const store = SqliteEventStore.open(file);
  let events = 0;
  const started = performance.now();
  for await (const _event of store.readAll()) events += 1;
  const seconds = (performance.now() - started) / 1000;
  await store.close();
  if (events !== EVENTS_TO_READ)
    throw new Error(`readAll returned ${events} events, expected ${EVENTS_TO_READ}`);
  return seconds;
}

function result(
  name: string,
  value: number,
  unit: string,
  baseline: BenchResult['baseline'],
  goal?: string,
): BenchResult {
  return { name, value, unit, baseline, ratio: value / baseline.value, ...(goal ? { goal } : {}) };
}
