import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { readSettings } from '@kios/config';
import {
  DanaClient,
  type DanaOrder,
  devKeyPaths,
  ensureDevKeys,
  loadPrivateKey,
  loadPublicKey,
} from '@kios/dana-protocol';
import { readPurchaseLog, supplierReferenceFor } from '@kios/fulfillment';
import { BenchServer, entryCommand, freePort, listening } from './support/bench-server';
import { spreadOrders, type SpreadOrder } from './support/mixed-orders';

const usage = `npm run chaos -- [--orders N] [--kills K] [--concurrency C]

  The crash test as a command, on this deployment's store settings (KIOS_EVENT_STORE,
  KIOS_READ_MODEL and the rest of the environment; the embedded defaults in a fresh folder when
  none are set): kios is started, sent N mixed Create Orders (default 500: success, failure,
  pending then success or failure, supplier timeout; C at a time, default 8) and killed with SIGKILL
  K times (default 10) at random moments, each time restarted; DANA's side retries an unanswered
  order under the same requestId, as DANA does, and receives the Order Complete Callbacks (dana-sim).
  Then it waits for every order to be final and prints orders, kills, purchases and callbacks.
  Exits 1 when an order is lost (answered, then unknown), doubled (bought twice) or contradicted (a
  final status other than its answer, its scenario or its callbacks). It buys through the simulator
  supplier only, with development keys: never point it at a real supplier or production keys.`;

const FINAL_WAIT_MS = 120_000;

interface ChaosOptions {
  orders: number;
  kills: number;
  concurrency: number;
}

async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv);
  if (!options) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  const dataDir = process.env.KIOS_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'kios-chaos-'));
  const settings = readSettings({ ...process.env, KIOS_DATA_DIR: dataDir });
  if (settings.supplier !== 'simulator') {
    process.stderr.write(
      `chaos: KIOS_SUPPLIER is ${settings.supplier}; chaos buys through the simulator only\n`,
    );
    return 2;
  }
  ensureDevKeys(dataDir);
  const danaSim = await BenchServer.start('apps/dana-sim/src/main', () => ({ KIOS_DATA_DIR: dataDir }), {
    argsFor: (port) => ['serve', '--port', String(port), '--host', '127.0.0.1'],
  });
  const kios = new CrashableKios({
    ...pick(process.env, (name) => name.startsWith('KIOS_')),
    NODE_ENV: 'development',
    KIOS_DATA_DIR: dataDir,
    KIOS_HOST: '127.0.0.1',
    KIOS_PORT: String(await freePort()),
    KIOS_DANA_BASE_URL: `http://127.0.0.1:${danaSim.port}`,
  });
  try {
    await kios.start();
    print(
      `kios on ${settings.eventStore.split('?')[0]} (events), ${settings.readModel.split('?')[0]} (read model), data in ${dataDir}`,
    );
    const client = danaClient(kios.baseUrl, dataDir);
    const run = spreadOrders(() => [client], options.orders, options.concurrency);
    const killAt = randomMoments(options.orders, options.kills);
    for (const [index, answered] of killAt.entries()) {
      while (run.answered < answered) await sleep(10);
      await kios.kill();
      print(`kill ${index + 1} of ${options.kills} after ${run.answered} orders answered`);
      await kios.start();
    }
    const orders = await run.done;
    const finals = await finalStatuses(client, orders);
    const callbacks = await callbacksByRequest(danaSim.port);
    const purchases = purchasesByReference(settings.simPurchasesFile);
    const problems = judge(orders, finals, callbacks, purchases);
    print(
      `${orders.length} orders, ${options.kills} kills, ${orders.reduce((sum, order) => sum + order.unanswered, 0)} sends unanswered and retried; ` +
        `${[...purchases.values()].reduce((sum, count) => sum + count, 0)} purchases; ` +
        `${[...callbacks.values()].reduce((sum, statuses) => sum + statuses.length, 0)} callbacks received; ` +
        `${problems.length} problems`,
    );
    for (const problem of problems) print(`PROBLEM: ${problem}`);
    return problems.length === 0 ? 0 : 1;
  } finally {
    await kios.kill();
    await danaSim.stop();
  }
}

/**
 * What DANA would call wrong: an order answered but unknown afterwards (lost), bought more than once
 * (doubled), or whose final status differs from its answer, its scenario, or a callback
 * (contradicted); and an order answered PENDING never called back.
 */
function judge(
  orders: SpreadOrder[],
  finals: Map<string, DanaOrder>,
  callbacks: Map<string, string[]>,
  purchases: Map<string, number>,
): string[] {
  return orders.flatMap((order) => {
    const { requestId } = order.body;
    const final = finals.get(requestId);
    if (!final)
      return [`${requestId}: lost (answered ${order.answer!.orderStatus.status}, unknown afterwards)`];
    const status = final.orderStatus.status;
    const answered = order.answer!.orderStatus.status;
    const called = callbacks.get(requestId) ?? [];
    const bought = purchases.get(supplierReferenceFor(requestId)) ?? 0;
    return [
      ...(bought > 1 ? [`${requestId}: doubled (bought ${bought} times)`] : []),
      ...(status !== order.final
        ? [`${requestId}: contradicted (${status}, its scenario ends ${order.final})`]
        : []),
      ...(answered !== 'PENDING' && answered !== status
        ? [`${requestId}: contradicted (answered ${answered}, now ${status})`]
        : []),
      ...(called.some((calledStatus) => calledStatus !== status)
        ? [`${requestId}: contradicted (called back ${called.join(', ')}, final ${status})`]
        : []),
      ...(answered === 'PENDING' && called.length === 0
        ? [`${requestId}: answered PENDING, never called back`]
        : []),
    ];
  });
}

/** kios in its own process group (its worker process with it), killed with SIGKILL and restarted on its port. */
class CrashableKios {
  private child?: ChildProcess;

  constructor(private readonly env: Record<string, string>) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${this.env.KIOS_PORT}`;
  }

  async start(): Promise<void> {
    const { args, cwd } = entryCommand('apps/kios/src/main');
    this.child = spawn(process.execPath, args, {
      cwd,
      env: { PATH: process.env.PATH ?? '', ...this.env },
      stdio: 'ignore',
      detached: true,
    });
    await listening(Number(this.env.KIOS_PORT), 60_000);
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid!, 'SIGKILL');
    await exited;
  }
}

/** Get Order Detail of every order, until each is final (or FINAL_WAIT_MS): the statuses kios ends with. */
async function finalStatuses(client: DanaClient, orders: SpreadOrder[]): Promise<Map<string, DanaOrder>> {
  const deadline = Date.now() + FINAL_WAIT_MS;
  for (;;) {
    const found = new Map<string, DanaOrder>();
    for (let from = 0; from < orders.length; from += 100) {
      const reply = await client.orderDetail({
        orderIdentifiers: orders
          .slice(from, from + 100)
          .map((order) => ({ requestId: order.body.requestId })),
      });
      if (reply.httpStatus !== 200 || !reply.signature.ok)
        throw new Error(`Get Order Detail answered HTTP ${reply.httpStatus}`);
      for (const order of reply.envelope.response.body.orders as DanaOrder[])
        found.set(order.requestId, order);
    }
    const pending = [...found.values()].filter((order) => order.orderStatus.status === 'PENDING').length;
    if (pending === 0 || Date.now() > deadline) return found;
    await sleep(500);
  }
}

async function callbacksByRequest(danaSimPort: number): Promise<Map<string, string[]>> {
  const received = (await (await fetch(`http://127.0.0.1:${danaSimPort}/sim/callbacks`)).json()) as {
    requestId?: string;
    orderStatus?: { status: string };
  }[];
  const byRequest = new Map<string, string[]>();
  for (const callback of received) {
    if (!callback.requestId || !callback.orderStatus) continue;
    byRequest.set(callback.requestId, [
      ...(byRequest.get(callback.requestId) ?? []),
      callback.orderStatus.status,
    ]);
  }
  return byRequest;
}

/** Purchases the simulator made, by supplier reference (its log: docs/architecture.md §7). */
function purchasesByReference(file: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const entry of readPurchaseLog(file)) {
    if (entry.type === 'purchased') counts.set(entry.supplierRef, (counts.get(entry.supplierRef) ?? 0) + 1);
  }
  return counts;
}

function danaClient(baseUrl: string, dataDir: string): DanaClient {
  const keys = devKeyPaths(dataDir);
  return new DanaClient({
    baseUrl,
    danaPrivateKey: loadPrivateKey(readFileSync(keys.danaPrivateKey, 'utf8'), keys.danaPrivateKey),
    kiosPublicKey: loadPublicKey(readFileSync(keys.kiosPublicKey, 'utf8'), keys.kiosPublicKey),
  });
}

/** `kills` distinct answered-order counts, in order, spread at random over the run. */
function randomMoments(orders: number, kills: number): number[] {
  const moments = new Set<number>();
  while (moments.size < Math.min(kills, orders - 1))
    moments.add(1 + Math.floor(Math.random() * (orders - 1)));
  return [...moments].sort((a, b) => a - b);
}

function parseOptions(argv: string[]): ChaosOptions | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      orders: { type: 'string', default: '500' },
      kills: { type: 'string', default: '10' },
      concurrency: { type: 'string', default: '8' },
    },
  });
  const options = {
    orders: Number(values.orders),
    kills: Number(values.kills),
    concurrency: Number(values.concurrency),
  };
  const valid =
    Object.values(options).every((value) => Number.isInteger(value) && value >= 0) && options.orders > 0;
  return valid && options.concurrency > 0 ? options : undefined;
}

function pick(env: NodeJS.ProcessEnv, keep: (name: string) => boolean): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && keep(entry[0]),
    ),
  );
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`chaos: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
