import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { TEST_POSTGRES_URL } from '@kios/testing';
import type { BenchResult } from './bench-result';
import { isSuccessfulOrder, OrderFactory } from './support/create-order-requests';
import { KiosChild } from './support/kios-child';
import { closedLoop, type PhaseResult, type Sender } from './support/load';

const CONCURRENCY = 64;
const WARM_UP_ORDERS = 1_000;
const ROUNDS = 6;
const ORDERS_PER_ROUND = 1_500;

interface Contender {
  name: string;
  kios: KiosChild;
  orders: OrderFactory;
  sender: Sender;
  phases: PhaseResult[];
}

/**
 * Create Order throughput with kios's event store and read model on PostgreSQL (the test server,
 * KIOS_TEST_POSTGRES, a fresh schema each) against the same kios on SQLite files, in the same run:
 * two kios processes, 64 orders in flight, a warm-up each, then ROUNDS timed phases alternating
 * which goes first, so a change of load on the machine hits both alike. Orders the simulator
 * fulfils at once; every answer must be SUCCESS.
 */
export async function benchCreateOrderPostgres(): Promise<BenchResult[]> {
  const suffix = randomBytes(5).toString('hex');
  const schemas = [`kios_bench_events_${suffix}`, `kios_bench_read_${suffix}`];
  const contenders: Contender[] = [];
  try {
    contenders.push(await contender('SQLite', {}));
    contenders.push(
      await contender('PostgreSQL', {
        KIOS_EVENT_STORE: `${TEST_POSTGRES_URL}?schema=${schemas[0]}`,
        KIOS_READ_MODEL: `${TEST_POSTGRES_URL}?schema=${schemas[1]}`,
      }),
    );
    for (const each of contenders)
      await closedLoop(each.sender, each.orders.presign(WARM_UP_ORDERS), CONCURRENCY);
    for (let round = 0; round < ROUNDS; round += 1) {
      const order = round % 2 === 0 ? contenders : [...contenders].reverse();
      for (const each of order) {
        each.phases.push(await closedLoop(each.sender, each.orders.presign(ORDERS_PER_ROUND), CONCURRENCY));
      }
    }
    for (const each of contenders) await each.orders.verifyOne();
  } finally {
    await Promise.all(contenders.map((each) => each.kios.stop()));
    await dropSchemas(schemas);
  }
  const [sqlite, postgres] = contenders.map(summarise);
  const medianRatios = median(
    contenders[1].phases.map((phase, round) => phase.perSecond / contenders[0].phases[round].perSecond),
  );
  return [
    {
      name: `Create Order throughput, event store + read model on PostgreSQL (${ROUNDS} rounds, ${CONCURRENCY} in flight)`,
      value: postgres.perSecond,
      unit: 'orders/s',
      baseline: { name: 'the same on SQLite files, same run', value: sqlite.perSecond },
      ratio: postgres.perSecond / sqlite.perSecond,
    },
    {
      name: 'the rounds’ median of PostgreSQL / SQLite',
      value: medianRatios,
      unit: '×',
      baseline: { name: 'equal throughput', value: 1 },
      ratio: medianRatios,
    },
    {
      name: 'Create Order p50 latency on PostgreSQL (median of rounds)',
      value: postgres.p50,
      unit: 'ms',
      baseline: { name: 'on SQLite (ms)', value: sqlite.p50 },
      ratio: postgres.p50 / sqlite.p50,
    },
    {
      name: 'Create Order p99 latency on PostgreSQL (median of rounds)',
      value: postgres.p99,
      unit: 'ms',
      baseline: { name: 'on SQLite (ms)', value: sqlite.p99 },
      ratio: postgres.p99 / sqlite.p99,
    },
  ];
}

async function contender(name: string, env: Record<string, string>): Promise<Contender> {
  const kios = await KiosChild.start(env);
  return {
    name,
    kios,
    orders: new OrderFactory(kios.client()),
    sender: { send: (request) => kios.send(request, isSuccessfulOrder) },
    phases: [],
  };
}

/** Orders/s over every round together; latencies the rounds' medians. */
function summarise({ phases }: Contender): PhaseResult {
  const seconds = phases.reduce((sum, phase) => sum + ORDERS_PER_ROUND / phase.perSecond, 0);
  return {
    perSecond: (phases.length * ORDERS_PER_ROUND) / seconds,
    p50: median(phases.map((phase) => phase.p50)),
    p99: median(phases.map((phase) => phase.p99)),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function dropSchemas(schemas: string[]): Promise<void> {
  const admin = new Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  try {
    for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await admin.end();
  }
}
