import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { formatEventTime } from '@kios/audit';
import { FixedClock, systemClock } from '@kios/dana-protocol';
import { openKiosEventStore } from '@kios/event-store';
import {
  OrderIndexReadModel,
  orderIndexProjection,
  openReadModel,
  rebuildProjections,
} from '@kios/projections';
import { listTrafficProducts, writeOrderTraffic } from '../libs/projections/test/rebuild/order-traffic';
import type { BenchResult } from './bench-result';
import { entryCommand } from './support/bench-server';

const ORDERS = 100_000;
const FIRST_ORDER_AT = new Date('2025-01-15T01:00:00.000Z');
/** Every order the traffic writes (it spans under a day of its clock), and a day before it with none. */
const WHOLE_PERIOD = { from: FIRST_ORDER_AT, to: new Date('2025-01-17T00:00:00.000Z') };
const EMPTY_PERIOD = { from: new Date('2025-01-14T00:00:00.000Z'), to: FIRST_ORDER_AT };
const RSS_GOAL_MIB = 200;

interface ExportRun {
  rows: number;
  seconds: number;
  peakRssMib: number;
  bytes: number;
}

/**
 * `kios-cli export orders` of 100,000 orders, run as the real command in a child process (compiled,
 * as `npm run kios-cli` runs it) writing CSV to a file: rows per second over its whole run, start-up
 * included, against reading the same rows in this process with OrderIndexReadModel.stream and
 * writing nothing (the ceiling); and its peak RSS (the kernel's high-water mark, read by
 * peak-rss-probe.ts at exit) against the same command exporting an empty period (what start-up
 * alone takes). The order_index read model is rebuilt, as `kios-cli projections rebuild order_index`
 * would, from the events of 100,000 generated orders (every path an order takes, the order decider
 * deciding each) in a hash-chained SQLite store.
 */
export async function benchExport(): Promise<BenchResult[]> {
  const folder = mkdtempSync(join(tmpdir(), 'kios-bench-export-'));
  const env = {
    KIOS_DATA_DIR: folder,
    KIOS_EVENT_STORE: `sqlite:${join(folder, 'events.db')}`,
    KIOS_READ_MODEL: `sqlite:${join(folder, 'read.db')}`,
  };
  try {
    process.stderr.write(`  writing the events of ${ORDERS.toLocaleString('en-US')} orders…\n`);
    const clock = new FixedClock(FIRST_ORDER_AT);
    const store = await openKiosEventStore(env.KIOS_EVENT_STORE, clock);
    try {
      await listTrafficProducts(store, clock);
      await writeOrderTraffic(store, { orders: ORDERS, clock });
      process.stderr.write('  rebuilding order_index from them…\n');
      await rebuildProjections({
        store,
        readModelUrl: env.KIOS_READ_MODEL,
        projections: [orderIndexProjection],
        clock: systemClock,
      });
    } finally {
      await store.close();
    }
    const ceiling = await readRate();
    process.stderr.write('  exporting with kios-cli…\n');
    const empty = await runExport(env, EMPTY_PERIOD, join(folder, 'empty.csv'));
    const whole = await runExport(env, WHOLE_PERIOD, join(folder, 'orders.csv'));
    if (empty.rows !== 0 || whole.rows !== ORDERS) {
      throw new Error(
        `the export wrote ${whole.rows} rows of ${ORDERS} (and ${empty.rows} of an empty period)`,
      );
    }
    const rate = whole.rows / whole.seconds;
    process.stderr.write(
      `  ${whole.rows.toLocaleString('en-US')} rows, ${(whole.bytes / 2 ** 20).toFixed(1)} MiB of CSV in ` +
        `${whole.seconds.toFixed(2)} s; peak RSS ${whole.peakRssMib.toFixed(1)} MiB\n`,
    );
    return [
      {
        name: `kios-cli export orders --format csv, ${ORDERS.toLocaleString('en-US')} orders (SQLite), child process start to exit`,
        value: rate,
        unit: 'rows/s',
        baseline: {
          name: 'OrderIndexReadModel.stream of the same rows in-process, writing nothing',
          value: ceiling,
        },
        ratio: rate / ceiling,
      },
      {
        name: `kios-cli export orders, peak RSS of the process (${ORDERS.toLocaleString('en-US')} orders)`,
        value: whole.peakRssMib,
        unit: 'MiB',
        baseline: { name: 'the same command exporting an empty period', value: empty.peakRssMib },
        ratio: whole.peakRssMib / empty.peakRssMib,
        goal: `< ${RSS_GOAL_MIB} MiB`,
      },
    ];

    async function readRate(): Promise<number> {
      const dataSource = await openReadModel(env.KIOS_READ_MODEL, [orderIndexProjection]);
      try {
        const orders = new OrderIndexReadModel(dataSource);
        const started = performance.now();
        let rows = 0;
        for await (const _row of orders.stream(WHOLE_PERIOD)) rows += 1;
        return rows / ((performance.now() - started) / 1000);
      } finally {
        await dataSource.destroy();
      }
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The real command in a child process, its peak RSS reported on fd 3 by peak-rss-probe at exit. */
async function runExport(
  env: Record<string, string>,
  period: { from: Date; to: Date },
  file: string,
): Promise<ExportRun> {
  const { args, cwd } = entryCommand(
    'apps/kios-cli/src/main',
    [
      'export',
      'orders',
      '--from',
      formatEventTime(period.from),
      '--to',
      formatEventTime(period.to),
      '--output',
      file,
    ],
    [join(__dirname, 'support', `peak-rss-probe.${__filename.endsWith('.js') ? 'js' : 'ts'}`)],
  );
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  let probe = '';
  child.stdout!.resume();
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdio[3]!.on('data', (chunk: Buffer) => (probe += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`kios-cli export orders exited with ${code}:\n${stderr}`);
  const { maxRssKib } = JSON.parse(probe) as { maxRssKib: number };
  return { rows: csvRows(file), seconds, peakRssMib: maxRssKib / 1024, bytes: statSync(file).size };
}

/** The records of a CSV file the export wrote (none of its fields holds a line break), header left out. */
function csvRows(file: string): number {
  return readFileSync(file, 'utf8').split('\r\n').filter(Boolean).length - 1;
}
