import { mkdirSync } from 'node:fs';
import { setPriority } from 'node:os';
import { resolve } from 'node:path';
import { SIMULATOR_DEFAULTS } from '@kios/fulfillment';
import { SUPPLIER_SIM_DEFAULTS, SupplierSimProcess } from '../apps/supplier-sim/src';
import type { BenchResult } from './bench-result';
import { KiosChild } from './support/kios-child';
import { adapterAloneSpans } from './support/adapter-alone';
import { addedCostResults, describeSpan, sum } from './support/main-thread-cost';
import { CONCURRENCY, quietReading, Shop } from './support/shop';

const WARM_UP_ORDERS = 1_500;
/** Rounds of one timed phase per supplier, their order alternated: a shared VM drifts within a run. */
const ROUNDS = 10;
const ROUND_SECONDS = 3;
/** Issue 17: the adapter may add this much of kios's main thread to each order. */
const GOAL_ADDED_US = 100;
/** Whole rupiah: every order of the run, TSEL10 at about Rp 10.000, many times over. */
const DEPOSIT_RUPIAH = 1_000_000_000_000;
const SUPPLIER_SIM_NICENESS = 10;
const ACCOUNT = { username: SUPPLIER_SIM_DEFAULTS.username, key: SUPPLIER_SIM_DEFAULTS.key };

/**
 * Create Order through the Digiflazz adapter, which buys from supplier-sim over HTTP, beside Create
 * Order on the in-process simulator supplier in the same run, under the same load (issue 17's goal:
 * the adapter adds ≤ 100 µs of kios's main thread per order). supplier-sim runs as its own process.
 * Then the adapter alone, called from this process beside the simulator supplier: the same cost
 * without the rest of kios around it, so with far less noise.
 */
export async function benchCreateOrderDigiflazz(): Promise<BenchResult[]> {
  const supplierSim = await SupplierSimProcess.start({
    args: [
      '--deposit',
      String(DEPOSIT_RUPIAH),
      // Both suppliers take as long to answer, so that kios batches and waits alike for each.
      '--mode',
      JSON.stringify({ answerDelayMs: SIMULATOR_DEFAULTS.latencyMs }),
    ],
  });
  // supplier-sim stands for Digiflazz's servers, which do not share kios's cores: at a lower
  // priority it runs on what kios and the load leave idle, so that the time kios's main thread
  // waits for a core is not put down to the adapter.
  setPriority(supplierSim.pid, SUPPLIER_SIM_NICENESS);
  try {
    const kios = await kiosRounds(supplierSim);
    process.stderr.write('  the adapter alone, called from this process…\n');
    const alone = await adapterAloneSpans({ url: supplierSim.url, ...ACCOUNT });
    return [
      ...kios,
      ...addedCostResults({
        figure: `The adapter alone, in the bench process: main-thread {measure} per DigiflazzSupplier.purchase to supplier-sim (${CONCURRENCY} in flight)`,
        added: 'the adapter alone adds per purchase',
        baseline: 'SimulatorSupplier.purchase, same rounds',
        ...alone,
        goalUs: GOAL_ADDED_US,
      }),
    ];
  } finally {
    await supplierSim.stop();
  }
}

/**
 * Two kios children on SQLite files (docs/architecture.md §2), one per supplier, none sharing a
 * thread with another, with supplier-sim or with the load generator. Each round times one phase per
 * kios, their order alternated, the other kios idle meanwhile; kios's main-thread time is its own
 * `performance.eventLoopUtilization()` (and CPU time), read over IPC (main-thread-probe.ts). The
 * last check reads supplier-sim's request log: one transaction per Digiflazz order, each under its
 * own ref_id, so every timed order really went through the adapter.
 */
async function kiosRounds(supplierSim: SupplierSimProcess): Promise<BenchResult[]> {
  const started: KiosChild[] = [];
  try {
    const simulator = new Shop('simulator', await startKios(started, {}));
    const digiflazz = new Shop(
      'digiflazz',
      await startKios(started, {
        KIOS_SUPPLIER: 'digiflazz',
        KIOS_DIGIFLAZZ_URL: supplierSim.url,
        KIOS_DIGIFLAZZ_USERNAME: ACCOUNT.username,
        KIOS_DIGIFLAZZ_KEY: ACCOUNT.key,
        KIOS_DIGIFLAZZ_TESTING: 'off',
      }),
    );
    const ordersPerPhase = await warmUp([simulator, digiflazz]);
    const profiles = process.env.BENCH_CPU_PROFILE;
    if (profiles) for (const shop of [simulator, digiflazz]) await shop.kios.mainThread.startProfile();
    for (let round = 1; round <= ROUNDS; round += 1) {
      const [first, second] = round % 2 === 1 ? [simulator, digiflazz] : [digiflazz, simulator];
      const measured = new Map([
        [first.supplier, await first.timedPhase(ordersPerPhase)],
        [second.supplier, await second.timedPhase(ordersPerPhase)],
      ]);
      process.stderr.write(
        `  round ${round}: ${[simulator, digiflazz].map((shop) => `${shop.supplier} ${describeSpan(measured.get(shop.supplier)!)} per order`).join('; ')}\n`,
      );
    }
    if (profiles) await writeProfiles(profiles, [simulator, digiflazz]);
    await simulator.verifyOne();
    await digiflazz.verifyOne();
    await expectOneTransactionPerOrder(supplierSim, digiflazz.sent);
    return kiosResults(simulator, digiflazz);
  } finally {
    for (const kios of started) await kios.stop();
  }
}

async function startKios(started: KiosChild[], env: Record<string, string>): Promise<KiosChild> {
  const kios = await KiosChild.start(env, { probeMainThread: true });
  started.push(kios);
  return kios;
}

/** JIT and caches warm in both kios; answers how many orders a timed phase sends. */
async function warmUp(shops: Shop[]): Promise<number> {
  let slowest = Infinity;
  for (const shop of shops) {
    await shop.load(WARM_UP_ORDERS);
    const estimate = await shop.load(WARM_UP_ORDERS);
    process.stderr.write(`  warm-up, ${shop.supplier}: ${Math.round(estimate.perSecond)} orders/s\n`);
    await quietReading(shop.kios.mainThread);
    slowest = Math.min(slowest, estimate.perSecond);
  }
  return Math.ceil(slowest * ROUND_SECONDS);
}

/**
 * With BENCH_CPU_PROFILE=<folder>, each kios's main thread is CPU-profiled over the timed rounds
 * only (its own phases, and idle during the other's), one .cpuprofile per supplier, for Chrome's
 * DevTools or speedscope. The profiler's own cost is in that run's figures.
 */
async function writeProfiles(folder: string, shops: Shop[]): Promise<void> {
  mkdirSync(folder, { recursive: true });
  for (const shop of shops) {
    const file = resolve(folder, `create-order-${shop.supplier}.cpuprofile`);
    await shop.kios.mainThread.stopProfile(file);
    process.stderr.write(`  CPU profile of kios (${shop.supplier}, ${ROUNDS} timed phases): ${file}\n`);
  }
}

/** supplier-sim made exactly one transaction per Digiflazz order, each under a ref_id of its own. */
async function expectOneTransactionPerOrder(supplierSim: SupplierSimProcess, orders: number): Promise<void> {
  const topups = (await supplierSim.requestLog()).filter((entry) => entry.path === '/v1/transaction');
  const made = topups.filter((entry) => entry.created);
  const refs = new Set(topups.map((entry) => entry.ref_id));
  if (made.length !== orders || refs.size !== orders) {
    throw new Error(
      `supplier-sim made ${made.length} transactions under ${refs.size} ref_ids for ${orders} Digiflazz orders`,
    );
  }
}

function kiosResults(simulator: Shop, digiflazz: Shop): BenchResult[] {
  const sameRounds = `simulator supplier, same ${ROUNDS} rounds`;
  return [
    {
      name: `Create Order throughput through the Digiflazz adapter to supplier-sim over HTTP (${CONCURRENCY} in flight)`,
      value: digiflazz.perSecond,
      unit: 'orders/s',
      baseline: { name: sameRounds, value: simulator.perSecond },
      ratio: digiflazz.perSecond / simulator.perSecond,
    },
    ...addedCostResults({
      figure: "kios's main-thread {measure} per Digiflazz order",
      added: 'the Digiflazz adapter adds per order',
      baseline: sameRounds,
      withAdapter: digiflazz.phases,
      without: simulator.phases,
      goalUs: GOAL_ADDED_US,
    }),
    ...waitedResults(digiflazz, simulator, sameRounds),
    {
      name: "Appends per commit in kios's request process, Digiflazz rounds (the fewer, the more fsyncs an order waits on)",
      value: appendsPerCommit(digiflazz),
      unit: 'appends',
      baseline: { name: sameRounds, value: appendsPerCommit(simulator) },
      ratio: appendsPerCommit(digiflazz) / appendsPerCommit(simulator),
    },
  ];
}

const appendsPerCommit = (shop: Shop) => shop.writes.appends / Math.max(1, shop.writes.commits);

/**
 * How much of kios's ELU per order was the main thread waiting for a core (runnable, another
 * process on it): the part of what ELU adds that is the two cores' sharing, not kios's work.
 */
function waitedResults(digiflazz: Shop, simulator: Shop, sameRounds: string): BenchResult[] {
  const waitedUs = (shop: Shop) => {
    const waited = shop.phases.map((phase) => phase.waitMs);
    if (waited.some((ms) => ms === undefined)) return undefined;
    return (sum(waited as number[]) * 1000) / sum(shop.phases.map((phase) => phase.count));
  };
  const value = waitedUs(digiflazz);
  const baseline = waitedUs(simulator);
  if (value === undefined || baseline === undefined) return [];
  return [
    {
      name: "Of kios's main-thread time (ELU) per Digiflazz order, the time it waited for a core (schedstat)",
      value,
      unit: 'µs',
      baseline: { name: sameRounds, value: baseline },
      ratio: value / baseline,
    },
  ];
}
