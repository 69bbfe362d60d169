import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSupplierSim, SupplierSimProcess, type RequestLogEntry } from '../src';
import { Buyer, KEY, USERNAME } from './buyer-client';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'supplier-sim-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('supplier-sim request log', () => {
  it('keeps every call, in memory for GET /_control/log and as JSON lines in a file', async () => {
    const file = join(dir, 'requests.jsonl');
    const sim = await startSupplierSim({
      username: USERNAME,
      key: KEY,
      requestLogFile: file,
      pendingDelayMs: 50,
    });
    try {
      const buyer = new Buyer(sim.url);
      await buyer.priceList('prepaid');
      await buyer.topUp('ORDER-1', 'TSEL10', '081234567992');
      await buyer.topUp('ORDER-1', 'TSEL10', '081234567992');
      await buyer.topUp('ORDER-1', 'TSEL10', '081234567000');
      const log = (await (await fetch(`${sim.url}/_control/log`)).json()) as RequestLogEntry[];
      expect(log.map(({ at: _at, ...entry }) => entry)).toEqual([
        { path: '/v1/price-list', command: 'prepaid', http_status: 200, created: false },
        {
          path: '/v1/transaction',
          command: 'topup',
          ref_id: 'ORDER-1',
          customer_no: '081234567992',
          sku: 'TSEL10',
          rc: '03',
          status: 'Pending',
          http_status: 200,
          created: true,
        },
        expect.objectContaining({ ref_id: 'ORDER-1', rc: '03', created: false }),
        expect.objectContaining({ ref_id: 'ORDER-1', customer_no: '081234567000', rc: '49', created: false }),
      ]);
      expect(log.every((entry) => !Number.isNaN(Date.parse(entry.at)))).toBe(true);
      const lines = readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(lines).toEqual(log);
    } finally {
      await sim.close();
    }
  });

  it('lets a test see one ref_id per order: the purchases made and the status checks that bought nothing', async () => {
    const sim = await startSupplierSim({ username: USERNAME, key: KEY });
    try {
      const buyer = new Buyer(sim.url);
      await sim.control({ http5xx: { count: 1, processed: true } });
      await buyer.raw('/v1/transaction', buyer.transactionBody('ORDER-2', 'TSEL10', '081234567000'));
      await buyer.topUp('ORDER-2', 'TSEL10', '081234567000');
      const purchases = sim.requestLog().filter((entry) => entry.created);
      expect(purchases.map((entry) => entry.ref_id)).toEqual(['ORDER-2']);
      expect(sim.requestLog().map((entry) => entry.misbehaviour)).toEqual([
        'http_500_after_processing',
        undefined,
      ]);
    } finally {
      await sim.close();
    }
  });
});

describe('supplier-sim as a child process, with a state file', () => {
  it('starts from source, answers, and still knows its transactions and deposit after a restart', async () => {
    const stateFile = join(dir, 'state.jsonl');
    const args = [
      '--username',
      USERNAME,
      '--key',
      KEY,
      '--state-file',
      stateFile,
      '--pending-delay-ms',
      '300',
    ];
    const first = await SupplierSimProcess.start({ args });
    let settledData;
    try {
      const buyer = new Buyer(first.url);
      await buyer.topUp('KEPT-1', 'TSEL10', '081234567000');
      expect((await buyer.topUp('KEPT-2', 'TSEL10', '081234567992')).data.status).toBe('Pending');
      expect(await first.transactions()).toHaveLength(2);
    } finally {
      await first.stop('SIGKILL');
    }
    const second = await SupplierSimProcess.start({ args });
    try {
      const buyer = new Buyer(second.url);
      await new Promise((resolve) => setTimeout(resolve, 300));
      settledData = (await buyer.topUp('KEPT-2', 'TSEL10', '081234567992')).data;
      expect(settledData).toMatchObject({ status: 'Sukses', rc: '00' });
      expect((await buyer.deposit()).data.deposit).toBe(5_000_000 - 2 * 9990);
      expect(await second.transactions()).toHaveLength(2);
      expect((await second.requestLog()).filter((entry) => entry.created)).toEqual([]);
    } finally {
      await second.stop();
    }
  });
});
