import { parseArgs } from 'node:util';
import { readSettings } from '@kios/config';
import { isSuccessfulOrPendingOrder, OrderFactory, pendingOrderOf } from './support/create-order-requests';
import { KiosChild } from './support/kios-child';
import { closedLoop, openLoop, type PhaseResult, type Sender } from './support/load';

const CONCURRENCY = 64;
const WARM_UP_ORDERS = 1_500;
/** Each round presigns its orders, then sends them on schedule for this long. */
const ROUND_SECONDS = 10;
/**
 * kios's memory is read this often, and a minute's figure is the median of its readings: one
 * reading lands anywhere in V8's collection cycle, whose garbage swings the API process's resident
 * memory by tens of MiB within a minute.
 */
const SAMPLE_EVERY_MS = 5_000;
const PENDING_EVERY = 20;
const SIM_DELAY_MS = 200;
const CALLBACKS_WAIT_MS = 60_000;
/** kios's memory after the soak may exceed what it held after warm-up by this much at most. */
const MEMORY_GROWTH_LIMIT = 0.2;
/**
 * Warm-up lasts as long as the replay window (KIOS_REQ_TIME_WINDOW_MS, kios's default, as the soak
 * sets none): kios remembers every reqMsgId it saw within it (docs/dana-protocol.md §2.4), so its
 * memory rises by design until the window is full, and is steady only after.
 */
const SETTLE_MINUTES = Math.ceil(readSettings({}).reqTimeWindowMs / 60_000);

const usage = `npm run soak -- [--minutes N]

  kios on its embedded defaults (role all: the API process and its worker process), fed Create
  Orders at half the peak rate it reaches here for N minutes (default 10) after ${SETTLE_MINUTES} minutes of warm-up
  at that rate (its replay window), one order in ${PENDING_EVERY} made to settle later: answered PENDING,
  followed up and called back through dana-sim. Prints each minute's latency and memory (the median
  of readings every ${SAMPLE_EVERY_MS / 1000} s); exits non-zero on any error answer, any order answered PENDING
  not called back SUCCESS, or memory in the last minute more than ${MEMORY_GROWTH_LIMIT * 100}% above the last
  minute of warm-up.`;

type Memory = { api: number; worker: number };

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { minutes: { type: 'string', default: '10' } } });
  const minutes = Number(values.minutes);
  if (!Number.isFinite(minutes) || minutes <= 0) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  const kios = await KiosChild.start({ KIOS_SIM_DELAY_MS: String(SIM_DELAY_MS) }, { callbacks: true });
  try {
    const orders = new OrderFactory(kios.client(), PENDING_EVERY);
    const answeredPending = new Set<string>();
    const server: Sender = {
      send: async (request) => {
        const answer = await kios.send(request, isSuccessfulOrPendingOrder);
        const pending = pendingOrderOf(answer);
        if (pending) answeredPending.add(pending);
        return answer;
      },
    };
    await closedLoop(server, orders.presign(WARM_UP_ORDERS), CONCURRENCY);
    const peak = (await closedLoop(server, orders.presign(WARM_UP_ORDERS), CONCURRENCY)).perSecond;
    const rate = peak / 2;
    print(
      `peak ${peak.toFixed(0)} orders/s; soaking at ${rate.toFixed(0)} orders/s for ${SETTLE_MINUTES} min of warm-up, then ${minutes} min`,
    );
    // Each warm-up minute's median replaces it: the last one is memory after warm-up.
    let warmedUp: Memory = kios.residentBytes();
    for (let minute = 1; minute <= SETTLE_MINUTES; minute += 1) {
      const { results, memory } = await minuteOfLoad(kios, server, orders, rate, 60);
      print(`warm-up minute ${minute}: ${describeMinute(results, memory)}`);
      warmedUp = memory;
    }
    print(`after warm-up: ${describeMemory(warmedUp)}`);

    let sent = 0;
    let after = warmedUp;
    for (let minute = 1; minute <= minutes; minute += 1) {
      const seconds = Math.min(60, (minutes - minute + 1) * 60);
      const { results, memory } = await minuteOfLoad(kios, server, orders, rate, seconds);
      sent += results.count;
      after = memory;
      print(`minute ${minute}: ${describeMinute(results, memory)}`);
    }
    const notCalledBack = await kios.waitForSuccessCallbacks(answeredPending, CALLBACKS_WAIT_MS);
    const growth = (after.api + after.worker) / (warmedUp.api + warmedUp.worker) - 1;
    print(
      `${sent} orders in ${minutes} min, 0 errors; from the start ${orders.pending} made to settle later, ` +
        `${answeredPending.size} answered PENDING, ${answeredPending.size - notCalledBack.length} of them called back SUCCESS; ` +
        `memory in the last minute ${describeMemory(after)}, ${(growth * 100).toFixed(1)}% against after warm-up (limit ${MEMORY_GROWTH_LIMIT * 100}%)`,
    );
    const problems = [
      // Without PENDING answers the callbacks and follow-ups this soak is for were never exercised.
      ...(answeredPending.size === 0 ? ['no order was answered PENDING, so no callback was checked'] : []),
      ...(notCalledBack.length > 0
        ? [
            `${notCalledBack.length} orders answered PENDING were not called back SUCCESS within ${CALLBACKS_WAIT_MS / 1000} s: ` +
              notCalledBack.slice(0, 5).join(', '),
          ]
        : []),
      ...(growth > MEMORY_GROWTH_LIMIT ? [`memory grew ${(growth * 100).toFixed(1)}%`] : []),
    ];
    for (const problem of problems) print(`FAIL: ${problem}`);
    return problems.length === 0 ? 0 : 1;
  } finally {
    await kios.stop();
  }
}

/**
 * `seconds` of orders at `rate`, with kios's resident memory read every SAMPLE_EVERY_MS meanwhile:
 * the worst round's latency and the median reading of each process.
 */
async function minuteOfLoad(
  kios: KiosChild,
  server: Sender,
  orders: OrderFactory,
  rate: number,
  seconds: number,
): Promise<{ results: PhaseResult & { count: number }; memory: Memory }> {
  const readings: Memory[] = [];
  const read = () => readings.push(kios.residentBytes());
  const timer = setInterval(read, SAMPLE_EVERY_MS);
  try {
    const results = await rounds(server, orders, rate, seconds);
    read();
    return {
      results,
      memory: {
        api: median(readings.map((reading) => reading.api)),
        worker: median(readings.map((reading) => reading.worker)),
      },
    };
  } finally {
    clearInterval(timer);
  }
}

/** `seconds` of orders at `rate`, in rounds of ROUND_SECONDS; any error answer rejects. */
async function rounds(
  server: Sender,
  orders: OrderFactory,
  rate: number,
  seconds: number,
): Promise<PhaseResult & { count: number }> {
  let count = 0;
  let worst = { p50: 0, p99: 0 };
  for (let elapsed = 0; elapsed < seconds; elapsed += ROUND_SECONDS) {
    const requests = orders.presign(Math.ceil(rate * Math.min(ROUND_SECONDS, seconds - elapsed)));
    const round = await openLoop(server, requests, rate);
    count += requests.length;
    worst = { p50: Math.max(worst.p50, round.p50), p99: Math.max(worst.p99, round.p99) };
  }
  return { perSecond: rate, ...worst, count };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function describeMinute(results: PhaseResult & { count: number }, memory: Memory): string {
  return `${results.count} orders, p50 ${results.p50.toFixed(1)} ms, p99 ${results.p99.toFixed(1)} ms; ${describeMemory(memory)}`;
}

function describeMemory({ api, worker }: Memory): string {
  return `resident API ${mib(api)} MiB, worker ${mib(worker)} MiB`;
}

const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`soak: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
