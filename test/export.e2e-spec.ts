import { randomUUID } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { formatEventTime } from '@kios/audit';
import { supplierReferenceFor } from '@kios/fulfillment';
import { startSupplierSim, type SupplierSim } from '../apps/supplier-sim/src';
import { DigiflazzShop, digiflazzEnv, telco } from './support/digiflazz-shop';
import { eventually } from './support/eventually';
import { KiosProcess, tempDataDir } from './support/kios-process';
import { kiosForOrderTests, telcoOrderBody } from './support/order-tests';
import { runApp } from './support/run-cli';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type ExportedOrder = Record<string, string | null>;
const jsonLines = (text: string): ExportedOrder[] =>
  text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ExportedOrder);

describe('the reconciliation export: kios-cli export orders and GET /admin/exports/orders', () => {
  const token = `export-${randomUUID()}`;
  const kios = kiosForOrderTests({ KIOS_ADMIN_TOKEN: token });
  /** The requestIds of three groups of orders placed apart in time, each in the order it was placed. */
  const groups: string[][] = [[], [], []];
  /** Instants between the groups: after every order of the group before was answered, before the next was sent. */
  const between: string[] = [];
  let whole: { from: string; to: string };

  const cli = (args: string[]) => runApp('kios-cli', ['export', 'orders', ...args], kios.env());
  const api = (
    query: Record<string, string>,
    headers: Record<string, string> = { authorization: `Bearer ${token}` },
  ) => fetch(`${kios.baseUrl}/admin/exports/orders?${new URLSearchParams(query)}`, { headers });

  beforeAll(async () => {
    const started = new Date(Date.now() - 60_000);
    const client = kios.client();
    // The simulator's suffix table: …345 succeeds at once, …991 fails at once.
    const ends = [['345', '991'], ['345', '991', '345'], ['345']];
    for (const [group, groupEnds] of ends.entries()) {
      if (group > 0) {
        await sleep(20);
        between.push(formatEventTime(new Date()));
        await sleep(20);
      }
      for (const [index, end] of groupEnds.entries()) {
        const body = telcoOrderBody(`0813${group}${index}000${end}`);
        const reply = await client.createOrder(body);
        expect(reply.httpStatus).toBe(200);
        groups[group].push(body.requestId);
      }
    }
    whole = { from: formatEventTime(started), to: formatEventTime(new Date(Date.now() + 60_000)) };
    // The export reads the order index, which the worker's projection fills a moment later.
    await eventually(async () => {
      const run = await cli(['--from', whole.from, '--to', whole.to, '--format', 'jsonl']);
      expect(jsonLines(run.stdout).map((order) => order.requestId)).toEqual(groups.flat());
    }, 20_000);
  }, 60_000);

  it('writes one row per order placed in the period, oldest first, with DANA’s price, the reference and GMT+7 times', async () => {
    const run = await cli(['--from', whole.from, '--to', whole.to, '--format', 'jsonl']);

    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const [succeeded, failed] = jsonLines(run.stdout);
    expect(succeeded).toEqual({
      requestId: groups[0][0],
      orderId: expect.any(String),
      productId: 'TSEL-10K',
      product: 'Telkomsel Pulsa 10.000',
      destination: '081300000345',
      danaPriceMinor: '1025000',
      // The simulator is no named supplier and states no cost.
      supplier: null,
      supplierRef: supplierReferenceFor(groups[0][0]),
      supplierCostMinor: null,
      status: 'succeeded',
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+07:00$/),
      settledAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+07:00$/),
    });
    expect(failed).toMatchObject({ requestId: groups[0][1], destination: '081301000991', status: 'failed' });
  });

  it.each([
    ['csv', 'text/csv; charset=utf-8; header=present'],
    ['jsonl', 'application/x-ndjson; charset=utf-8'],
  ])(
    'answers the same %s bytes over the admin API as the CLI prints, for the orders of [from, to) only',
    async (format, type) => {
      const period = { from: between[0], to: between[1] };

      const run = await cli(['--from', period.from, '--to', period.to, '--format', format]);
      const response = await api({ ...period, format });
      const body = await response.text();

      expect(run.code).toBe(0);
      expect(response.status).toBe(200);
      expect(body).toBe(run.stdout);
      expect(response.headers.get('content-type')).toBe(type);
      expect(response.headers.get('content-disposition')).toBe(
        `attachment; filename="kios-orders-${period.from.replace(/:/g, '')}-to-${period.to.replace(/:/g, '')}.${format}"`,
      );
      const rows = format === 'csv' ? body.split('\r\n').slice(1, -1) : body.split('\n').slice(0, -1);
      expect(rows.map((row) => (format === 'csv' ? row.split(',')[0] : JSON.parse(row).requestId))).toEqual(
        groups[1],
      );
      if (format === 'csv')
        expect(body.split('\r\n')[0]).toMatch(/^requestId,orderId,productId,product,destination,/);
    },
  );

  it('honours the bounds to the millisecond: an order placed at `from` is in, one placed at `to` is out', async () => {
    const all = jsonLines((await cli(['--from', whole.from, '--to', whole.to, '--format', 'jsonl'])).stdout);
    const createdAt = (requestId: string) => all.find((order) => order.requestId === requestId)!.createdAt!;
    const period = { from: createdAt(groups[1][0]), to: createdAt(groups[2][0]) };

    const run = await cli(['--from', period.from, '--to', period.to, '--format', 'jsonl']);
    const response = await api({ ...period, format: 'jsonl' });

    expect(jsonLines(run.stdout).map((order) => order.requestId)).toEqual(groups[1]);
    expect(await response.text()).toBe(run.stdout);
  });

  it('masks destinations to their last 4 digits with --mask and mask=true, the same on both', async () => {
    const period = { from: between[0], to: between[1] };

    const run = await cli(['--from', period.from, '--to', period.to, '--format', 'jsonl', '--mask']);
    const response = await api({ ...period, format: 'jsonl', mask: 'true' });

    expect(jsonLines(run.stdout).map((order) => order.destination)).toEqual([
      '********0345',
      '********0991',
      '********0345',
    ]);
    expect(run.stdout).not.toContain('0813');
    expect(await response.text()).toBe(run.stdout);
  });

  it('writes --output to a file only its owner reads, the same bytes, and says where; stderr stays empty off a terminal', async () => {
    const file = join(tempDataDir('kios-export-'), 'period.csv');
    const period = ['--from', between[0], '--to', between[1]];

    const toFile = await cli([...period, '--output', file]);
    const toStdout = await cli(period);

    expect(toFile.code).toBe(0);
    expect(toFile.stderr).toBe('');
    expect(toFile.stdout).toBe(
      `exported the orders placed from ${between[0]} up to ${between[1]} to ${file}\n`,
    );
    expect(readFileSync(file, 'utf8')).toBe(toStdout.stdout);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('refuses a period or format it cannot read: the CLI exits 1 naming it, the API answers 400', async () => {
    const cases: Array<{ query: Record<string, string>; args: string[]; problem: string }> = [
      { query: { to: between[1] }, args: ['--to', between[1]], problem: 'from is required' },
      {
        query: { from: 'yesterday', to: between[1] },
        args: ['--from', 'yesterday', '--to', between[1]],
        problem: 'from "yesterday" is not a time',
      },
      {
        query: { from: between[1], to: between[0] },
        args: ['--from', between[1], '--to', between[0]],
        problem: 'to must be after',
      },
      {
        query: { from: between[0], to: between[1], format: 'xlsx' },
        args: ['--from', between[0], '--to', between[1], '--format', 'xlsx'],
        problem: 'format "xlsx" is not one of csv, jsonl',
      },
    ];
    for (const { query, args, problem } of cases) {
      const run = await cli(args);
      expect({ args, code: run.code, stdout: run.stdout }).toEqual({ args, code: 1, stdout: '' });
      expect(run.stderr).toContain(problem);

      const response = await api(query);
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
      expect(((await response.json()) as { message: string }).message).toContain(problem);
    }
    const maybe = await api({ from: between[0], to: between[1], mask: 'maybe' });
    expect(maybe.status).toBe(400);
    expect(((await maybe.json()) as { message: string }).message).toBe('mask "maybe" is not true or false');
  });

  it('is open to an auditor signed in with a session, the same bytes as the CLI', async () => {
    const password = `export-auditor-${randomUUID()}`;
    const added = await runApp(
      'kios-cli',
      ['users', 'add', 'siti', '--role', 'auditor'],
      kios.env(),
      `${password}\n`,
    );
    expect(added.code).toBe(0);
    const signIn = await fetch(`${kios.baseUrl}/admin/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ name: 'siti', password }),
      redirect: 'manual',
    });
    expect(signIn.status).toBe(303);
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0];
    const period = { from: between[0], to: between[1] };

    const response = await api({ ...period, format: 'csv' }, { cookie });
    const run = await cli(['--from', period.from, '--to', period.to]);

    expect(response.status).toBe(200);
    expect(await response.text()).toBe(run.stdout);
  });

  it('answers 401 without a session or the admin token', async () => {
    const response = await api({ from: between[0], to: between[1] }, {});
    expect(response.status).toBe(401);
  });
});

describe('the reconciliation export of orders a named supplier sold (routed to supplier-sim as Digiflazz)', () => {
  const token = `export-${randomUUID()}`;
  let sim: SupplierSim;
  let kios: KiosProcess;

  beforeAll(async () => {
    sim = await startSupplierSim();
    kios = new KiosProcess({
      env: {
        KIOS_ADMIN_TOKEN: token,
        KIOS_DANA_BASE_URL: 'http://127.0.0.1:9',
        ...digiflazzEnv(sim, { KIOS_SUPPLIER: 'routed' }),
      },
    });
    await kios.start();
  }, 60_000);

  afterAll(async () => {
    await kios?.kill();
    await sim?.close();
  });

  it('fills supplier, reference and cost as the order’s success recorded them, the same over the API', async () => {
    const from = formatEventTime(new Date(Date.now() - 60_000));
    const shop = new DigiflazzShop(sim, () => kios.client());
    const { order, createBody } = await shop.buy(telco, '345');
    expect(order.orderStatus.code).toBe('10');
    const to = formatEventTime(new Date(Date.now() + 60_000));
    const history = (await (
      await fetch(`${kios.baseUrl}/admin/orders/${createBody.requestId}/history`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as { events: Array<{ type: string; data: { supplier?: string; cost?: string } }> };
    const success = history.events.find((event) => event.type === 'OrderSucceeded')!.data;
    expect(success).toMatchObject({ supplier: 'digiflazz', cost: expect.stringMatching(/^\d+$/) });

    const run = await eventually(async () => {
      const exported = await runApp(
        'kios-cli',
        ['export', 'orders', '--from', from, '--to', to, '--format', 'jsonl'],
        kios.env(),
      );
      expect(jsonLines(exported.stdout)).toHaveLength(1);
      return exported;
    }, 20_000);
    expect(jsonLines(run.stdout)[0]).toMatchObject({
      requestId: createBody.requestId,
      danaPriceMinor: telco.price,
      supplier: 'digiflazz',
      supplierRef: supplierReferenceFor(createBody.requestId),
      supplierCostMinor: success.cost,
      status: 'succeeded',
    });
    const response = await fetch(
      `${kios.baseUrl}/admin/exports/orders?${new URLSearchParams({ from, to, format: 'jsonl' })}`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(await response.text()).toBe(run.stdout);
  });
});
