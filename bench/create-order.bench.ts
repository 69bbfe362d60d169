import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BenchResult } from './bench-result';
import { BareSigningServer, type SigningServerStack } from './support/bare-signing-server';
import { isSuccessfulOrder, isSuccessfulOrPendingOrder, OrderFactory } from './support/create-order-requests';
import { storeWrites } from './support/event-store-writes';
import { KiosChild, type KiosChildOptions } from './support/kios-child';
import {
  createOrderResults,
  describeCounts,
  type KiosFigures,
  type SigningServerFigures,
} from './support/create-order-figures';
import { closedLoop, openLoop, type Sender } from './support/load';
import type { MainThreadTime } from './support/main-thread-time';
import { rsaCeiling } from './support/rsa-ceiling';

const CEILING_MS = 2_000;
const CONCURRENCY = 64;
const WARM_UP_ORDERS = 1_500;
const PEAK_SECONDS = 5;
const HALF_RATE_SECONDS = 5;
/** One order in PENDING_EVERY is answered PENDING and settles SIM_DELAY_MS later, with its callback. */
const PENDING_EVERY = 20;
const SIM_DELAY_MS = 200;
const CALLBACKS_WAIT_MS = 60_000;
/** Issue 19's goal: Create Order at half the bare server's throughput or more. */
const GOAL_RATIO = 0.5;

/** A Create Order answer of the size kios signs for a successful telco order. */
const RESPONSE_TEXT = JSON.stringify({
  head: {
    version: '2.0',
    function: 'dana.digital.goods.order.create',
    respTime: '2025-01-15T10:06:11+07:00',
    reqMsgId: '2b9f4a70-5c11-4d2e-8c0a-77e1e3d9b512',
  },
  body: {
    order: {
      requestId: 'BENCH-0000000000-0000001',
      orderId: 'ORD-3F6B1C2D9E8A4B7C8D9E0F1A2B3C4D5E',
      createdTime: '2025-01-15T10:06:11+07:00',
      modifiedTime: '2025-01-15T10:06:11+07:00',
      destinationInfo: { primaryParam: '081200000015' },
      orderStatus: { code: '10', status: 'SUCCESS', message: 'Success' },
      serialNumber: '0412345678901234',
      token: '',
      product: {
        productId: 'TSEL-10K',
        type: 'MOBILE_CREDIT',
        provider: 'telkomsel',
        price: { value: '1025000', currency: 'IDR' },
        availability: true,
      },
    },
  },
});

/**
 * Create Order throughput and latency (docs/architecture.md §1 "Processes and roles", §5 "group
 * commit"), against kios in child processes on SQLite files, with one order in PENDING_EVERY answered
 * PENDING and called back through dana-sim, so background work flows while the request thread
 * answers. Judged against a bare node:http server that only verifies and signs, under the same
 * presigned load in the same run (issue 19's goal: ≥ 0.5×), against the same verify and sign done
 * through kios's stack with nothing stored (the most kios can reach keeping it), and against what
 * this machine's two cores do in RSA-2048 alone. Measured: `npm start`'s default (role all,
 * KIOS_SQLITE_SYNC=full), the same with `normal`, and `--role api` beside a `--role worker` the bench
 * starts.
 */
export async function benchCreateOrder(): Promise<BenchResult[]> {
  // Measured before and after the servers, averaged: a shared VM's speed drifts within a run.
  const ceilingBefore = await signVerifyCeiling();
  const full = await measureKios('role all, KIOS_SQLITE_SYNC=full (npm start)', {}, {}, true);
  const normal = await measureKios('role all, KIOS_SQLITE_SYNC=normal', { KIOS_SQLITE_SYNC: 'normal' }, {});
  const apart = await measureKios('--role api beside a --role worker', {}, { roles: 'api+worker' });
  const bare = await measureSigningServer('node:http');
  const nest = await measureSigningServer('nest');
  const ceiling = (ceilingBefore + (await signVerifyCeiling())) / 2;
  return createOrderResults({ full, normal, apart, bare, nest, ceiling }, PENDING_EVERY, GOAL_RATIO);
}

async function measureKios(
  label: string,
  env: Record<string, string>,
  options: KiosChildOptions,
  withHalfRate = false,
): Promise<KiosFigures> {
  process.stderr.write(`  kios, ${label}…\n`);
  const kios = await KiosChild.start(
    { KIOS_SIM_DELAY_MS: String(SIM_DELAY_MS), ...env },
    { ...options, probeMainThread: true, callbacks: true },
  );
  try {
    const orders = new OrderFactory(kios.client(), PENDING_EVERY);
    const server: Sender = { send: (request) => kios.send(request, isSuccessfulOrPendingOrder) };
    const estimate = await warmUp(server, orders);
    const profiles = withHalfRate ? process.env.BENCH_CPU_PROFILE : undefined;
    if (profiles) await kios.mainThread.startProfile();
    const before = await readings(kios);
    const peak = await closedLoop(server, orders.presign(Math.ceil(estimate * PEAK_SECONDS)), CONCURRENCY);
    const after = await readings(kios);
    if (profiles) await writeProfile(profiles, kios);
    const count = Math.ceil(estimate * PEAK_SECONDS);
    const halfRate = withHalfRate
      ? await openLoop(
          server,
          orders.presign(Math.ceil((peak.perSecond / 2) * HALF_RATE_SECONDS)),
          peak.perSecond / 2,
        )
      : undefined;
    await orders.verifyOne();
    const callbacks = await kios.waitForCallbacks(orders.pending, CALLBACKS_WAIT_MS);
    // Figures of a kios whose background work does not run measure something else: no figure then.
    if ((callbacks.SUCCESS ?? 0) < orders.pending) {
      throw new Error(
        `${label}: dana-sim received ${describeCounts(callbacks)} for ${orders.pending} orders answered PENDING ` +
          `within ${CALLBACKS_WAIT_MS / 1000} s: kios's background work did not run`,
      );
    }
    const commits = after.writes.commits - before.writes.commits;
    return {
      label,
      peak,
      ...(halfRate ? { halfRate } : {}),
      mainThreadUsPerOrder: (busyMs(before.thread, after.thread) * 1000) / count,
      cpuUsPerOrder: {
        api: ((after.cpu.api - before.cpu.api) * 1000) / count,
        worker: ((after.cpu.worker - before.cpu.worker) * 1000) / count,
      },
      statementsPerOrder: {
        writer: (after.writes.statements - before.writes.statements) / count,
        reads: (after.writes.readStatements - before.writes.readStatements) / count,
      },
      appendsPerCommit: (after.writes.appends - before.writes.appends) / Math.max(1, commits),
      pendingOrders: orders.pending,
      callbacks,
    };
  } finally {
    await kios.stop();
  }
}

/**
 * With BENCH_CPU_PROFILE=<folder>, the default configuration's request thread is CPU-profiled over
 * its peak phase only, for Chrome's DevTools or speedscope; the profiler's own cost is in that run's
 * figures.
 */
async function writeProfile(folder: string, kios: KiosChild): Promise<void> {
  mkdirSync(folder, { recursive: true });
  const file = resolve(folder, 'create-order.cpuprofile');
  await kios.mainThread.stopProfile(file);
  process.stderr.write(`  CPU profile of kios's request thread over the peak phase: ${file}\n`);
}

async function measureSigningServer(stack: SigningServerStack): Promise<SigningServerFigures> {
  process.stderr.write(`  the verify+sign server on ${stack}…\n`);
  const server = await BareSigningServer.start({ probeMainThread: true, stack });
  try {
    const orders = new OrderFactory(server.client);
    const sender: Sender = { send: (request) => server.send(request, isSuccessfulOrder) };
    const estimate = await warmUp(sender, orders);
    const count = Math.ceil(estimate * PEAK_SECONDS);
    const before = { thread: await server.mainThread.read(), cpuMs: server.cpuMs() };
    const peak = await closedLoop(sender, orders.presign(count), CONCURRENCY);
    const after = { thread: await server.mainThread.read(), cpuMs: server.cpuMs() };
    return {
      peak,
      mainThreadUsPerAnswer: (busyMs(before.thread, after.thread) * 1000) / count,
      cpuUsPerAnswer: ((after.cpuMs - before.cpuMs) * 1000) / count,
    };
  } finally {
    await server.stop();
  }
}

/** Warms the server up twice over and answers its rate, to size the timed phase at about PEAK_SECONDS. */
async function warmUp(server: Sender, orders: OrderFactory): Promise<number> {
  await closedLoop(server, orders.presign(WARM_UP_ORDERS), CONCURRENCY);
  return (await closedLoop(server, orders.presign(WARM_UP_ORDERS), CONCURRENCY)).perSecond;
}

type Reading = Awaited<ReturnType<MainThreadTime['read']>>;

async function readings(kios: KiosChild) {
  return { thread: await kios.mainThread.read(), writes: await storeWrites(kios), cpu: kios.cpuMs() };
}

function busyMs(before: Reading, after: Reading): number {
  return performance.eventLoopUtilization(after.elu, before.elu).active;
}

/** RSA-2048 sign+verify pairs per second with one worker thread per core. */
function signVerifyCeiling(): Promise<number> {
  return rsaCeiling({ text: RESPONSE_TEXT, threads: 2, verify: true, ms: CEILING_MS });
}
