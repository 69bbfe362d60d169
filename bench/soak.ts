import { parseArgs } from 'node:util';
import { isSuccessfulOrPendingOrder, OrderFactory } from './support/create-order-requests';
import { KiosChild } from './support/kios-child';
import { closedLoop, openLoop, type PhaseResult, type Sender } from './support/load';

const CONCURRENCY = 64;
const WARM_UP_ORDERS = 1_500;
/** Each round presigns its orders, then sends them on schedule for this long. */
const ROUND_SECONDS = 10;
/** The load after warm-up that memory is measured after, before the timed minutes. */
const SETTLE_SECONDS = 30;
const PENDING_EVERY = 20;
const SIM_DELAY_MS = 200;
const CALLBACKS_WAIT_MS = 60_000;
/** kios's memory after the soak may exceed what it held after warm-up by this much at most. */
const MEMORY_GROWTH_LIMIT = 0.2;

const usage = `npm run soak -- [--minutes N]

  kios on its embedded defaults (role all: the API process and its worker process), fed Create
  Orders at half the peak rate it reaches here for N minutes (default 10), one order in ${PENDING_EVERY}
  answered PENDING, followed up and called back through dana-sim. Prints each minute's latency and
  memory; exits non-zero on any error answer, any PENDING order not called back, or memory after the
  soak more than ${MEMORY_GROWTH_LIMIT * 100}% above what it was after warm-up.`;

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
    const server: Sender = { send: (request) => kios.send(request, isSuccessfulOrPendingOrder) };
    await closedLoop(server, orders.presign(WARM_UP_ORDERS), CONCURRENCY);
    const peak = (await closedLoop(server, orders.presign(WARM_UP_ORDERS), CONCURRENCY)).perSecond;
    const rate = peak / 2;
    print(`peak ${peak.toFixed(0)} orders/s; soaking at ${rate.toFixed(0)} orders/s for ${minutes} min`);
    await rounds(server, orders, rate, SETTLE_SECONDS);
    const warmedUp = kios.residentBytes();
    print(`after warm-up: ${describeMemory(warmedUp)}`);

    let sent = 0;
    for (let minute = 1; minute <= minutes; minute += 1) {
      const results = await rounds(server, orders, rate, Math.min(60, (minutes - minute + 1) * 60));
      sent += results.count;
      print(
        `minute ${minute}: ${results.count} orders, p50 ${results.p50.toFixed(1)} ms, p99 ${results.p99.toFixed(1)} ms; ` +
          describeMemory(kios.residentBytes()),
      );
    }
    const callbacks = await kios.waitForCallbacks(orders.pending, CALLBACKS_WAIT_MS);
    const after = kios.residentBytes();
    const growth = (after.api + after.worker) / (warmedUp.api + warmedUp.worker) - 1;
    print(
      `${sent} orders in ${minutes} min, 0 errors; ${orders.pending} answered PENDING, ${callbacks.SUCCESS ?? 0} called back SUCCESS; ` +
        `memory ${describeMemory(after)}, ${(growth * 100).toFixed(1)}% against after warm-up (limit ${MEMORY_GROWTH_LIMIT * 100}%)`,
    );
    const problems = [
      ...((callbacks.SUCCESS ?? 0) < orders.pending
        ? [`${orders.pending - (callbacks.SUCCESS ?? 0)} PENDING orders were not called back`]
        : []),
      ...(growth > MEMORY_GROWTH_LIMIT ? [`memory grew ${(growth * 100).toFixed(1)}%`] : []),
    ];
    for (const problem of problems) print(`FAIL: ${problem}`);
    return problems.length === 0 ? 0 : 1;
  } finally {
    await kios.stop();
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

function describeMemory({ api, worker }: { api: number; worker: number }): string {
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
