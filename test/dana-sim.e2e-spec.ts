// Long on purpose: every dana-sim command against one kios (its start-up is most of the run), each command's tests beside the others.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DanaSim } from './support/dana-sim-process';
import { eventually } from './support/eventually';
import { KiosData } from './support/kios-data';
import { freePort, KiosProcess } from './support/kios-process';
import { runApp } from './support/run-cli';

/** kios's delay for …992/…993 orders: long enough to see PENDING, short enough for a test. */
const SIM_DELAY_MS = 800;

describe('dana-sim against kios', () => {
  let callbackPort: number;
  let kios: KiosProcess;
  const scenarios = mkdtempSync(join(tmpdir(), 'dana-sim-scenarios-'));

  beforeAll(async () => {
    callbackPort = await freePort();
    kios = new KiosProcess({
      env: {
        KIOS_DANA_BASE_URL: `http://127.0.0.1:${callbackPort}`,
        KIOS_SIM_DELAY_MS: String(SIM_DELAY_MS),
        KIOS_SUPPLIER_BUDGET_MS: '500',
        KIOS_FULFILMENT_FIRST_CHECK_MS: '100',
        KIOS_FULFILMENT_MAX_CHECK_INTERVAL_MS: '300',
        KIOS_CALLBACK_SCHEDULE: '200ms,500ms,1s',
        KIOS_CALLBACK_POLL_MS: '100',
      },
    });
    await kios.start();
  }, 30_000);
  afterAll(async () => {
    await kios.kill();
    rmSync(scenarios, { recursive: true, force: true });
  });

  /** dana-sim from source, finding kios and its keys the way a developer's shell would tell it. */
  const danaSim = (...args: string[]) =>
    runApp('dana-sim', args, { KIOS_DATA_DIR: kios.dataDir, DANA_SIM_KIOS_URL: kios.baseUrl });

  const scenarioFile = (name: string, text: string) => {
    const path = join(scenarios, name);
    writeFileSync(path, text);
    return path;
  };

  it('lists products as an aligned table with rupiah prices, and as JSON', async () => {
    const table = await eventually(async () => {
      const run = await danaSim('products', '--type', 'MOBILE_CREDIT', '--provider', 'telkomsel');
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('TSEL-10K');
      return run.stdout;
    });
    const lines = table.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^PRODUCT\s+TYPE\s+PROVIDER\s+PRICE\s+AVAILABLE$/);
    expect(table).toMatch(/^TSEL-10K\s+MOBILE_CREDIT\s+telkomsel\s+Rp 10\.250\s+yes$/m);
    expect(table).not.toContain('\u001b['); // no colours on a pipe
    const rows = lines.slice(1, -1);
    const priceEnd = lines[0].indexOf('PRICE') + 'PRICE'.length;
    for (const row of rows) expect(row.slice(0, priceEnd)).toMatch(/Rp [\d.]+$/); // right-aligned under PRICE
    expect(lines.at(-1)).toBe(`${rows.length} products, ${rows.length} available`);

    const json = await danaSim('products', '--type', 'MOBILE_CREDIT', '--provider', 'telkomsel', '--json');
    const listed = JSON.parse(json.stdout) as { productId: string; price: { value: string } }[];
    expect(listed.map((product) => product.productId).sort()).toEqual(
      rows.map((row) => row.split(/\s+/)[0]).sort(),
    );
    expect(listed.find((product) => product.productId === 'TSEL-10K')?.price.value).toBe('1025000');
  });

  it('shows an inquiry with its amounts in rupiah, and exits 1 for an invalid destination', async () => {
    const bill = await danaSim('inquire', 'PLN-POSTPAID', '532110012345');
    expect(bill.code).toBe(0);
    expect(bill.stdout).toMatch(/^status\s+10 SUCCESS/m);
    expect(bill.stdout).toMatch(/^customer\s+[A-Z ]+$/m);

    const json = JSON.parse((await danaSim('inquire', 'PLN-POSTPAID', '532110012345', '--json')).stdout);
    const minor = (key: string) => BigInt(json[key].value);
    expect(minor('baseAmount') + minor('adminFee') + minor('fineAmount')).toBe(minor('totalAmount'));
    const rupiah = (value: bigint) => `Rp ${(value / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.')}`;
    expect(bill.stdout).toMatch(new RegExp(`^total\\s+${rupiah(minor('totalAmount'))}$`, 'm'));
    expect(bill.stdout).toMatch(new RegExp(`^base amount\\s+${rupiah(minor('baseAmount'))}$`, 'm'));

    const game = await danaSim('inquire', 'MLBB-86', '123456345', '--zone', '2345');
    expect(game.stdout).toMatch(/^destination\s+123456345 zone 2345$/m);
    expect(game.stdout).toMatch(/^total\s+Rp 23\.500$/m);

    const invalid = await danaSim('inquire', 'TSEL-10K', '081234567990');
    expect(invalid.code).toBe(1);
    expect(invalid.stdout).toMatch(/^status\s+20 FAILED/m);
    expect(invalid.stdout).not.toMatch(/^total/m);
  });

  it('shows a User Validate answer: the holder of a valid account, exit 1 for an inactive one', async () => {
    const valid = await danaSim('validate', 'BPJS-KESEHATAN', '000123456345');
    expect(valid.code).toBe(0);
    expect(valid.stdout).toMatch(/^account\s+000123456345$/m);
    expect(valid.stdout).toMatch(/^status\s+10 SUCCESS/m);
    expect(valid.stdout).toMatch(/^customer\s+[A-Z ]+$/m);

    const inactive = await danaSim('validate', 'BPJS-KESEHATAN', '000123456997', '--json');
    expect(inactive.code).toBe(1);
    expect(JSON.parse(inactive.stdout)).toMatchObject({
      resultInfo: { resultStatus: 'S' },
      userStatus: { code: '20', status: 'FAILED', message: 'account …6997 is inactive' },
    });

    const game = await danaSim('validate', 'MLBB-86', '123456345', '--secondary', '2345');
    expect(game.stdout).toMatch(/^account\s+123456345 \(secondary 2345\)$/m);
    expect(game.stdout).toMatch(/^customer\s+[A-Z][a-z]+[A-Z][a-z]+45$/m);
  });

  it('buys a …992 Telco number with --wait: PENDING, then SUCCESS with the serial number from the callback', async () => {
    const run = await danaSim(
      'buy',
      'TSEL-10K',
      '081234567992',
      '--wait',
      '--callback-port',
      String(callbackPort),
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.map((line) => line.split(/\s+/)[0])).toEqual(['inquiry', 'order', 'waiting', 'callback']);
    expect(lines[0]).toMatch(/^inquiry\s+TSEL-10K for 081234567992: 10 SUCCESS, total Rp 10\.250 \(INQ-/);
    expect(lines[1]).toMatch(/^order\s+SIM\d{14}-[0-9A-F]{10}: 20 PENDING \(orderId ORD-/);
    expect(lines[2]).toContain(`for the Order Complete Callback on port ${callbackPort}`);
    expect(lines[3]).toMatch(/^callback\s+10 SUCCESS, serial \d{16}, signature ok \(/);

    // dana-sim answered the callback as DANA does, so kios recorded it delivered.
    const requestId = /^order\s+(\S+):/.exec(lines[1])![1];
    await eventually(async () =>
      expect(await new KiosData(kios.dataDir).orderEventTypes(requestId)).toContain('CallbackDelivered'),
    );
  });

  it('buys with --wait against a dana-sim serve that refuses the callback: reported refused with its reason, exit 1', async () => {
    // The serve believes kios holds another key, so kios's signature on the callback cannot verify.
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    const strangerKeyFile = join(scenarios, 'not-kios-public.pem');
    writeFileSync(strangerKeyFile, stranger.export({ type: 'spki', format: 'pem' }));
    const serve = await DanaSim.start(kios.dataDir, callbackPort, {
      DANA_SIM_KIOS_PUBLIC_KEY_FILE: strangerKeyFile,
    });
    try {
      const run = await danaSim(
        'buy',
        'TSEL-10K',
        '081234567992',
        '--wait',
        '--callback-port',
        String(callbackPort),
      );
      expect(run.code).toBe(1);
      const lines = run.stdout.trimEnd().split('\n');
      expect(lines[2]).toContain(
        `for the Order Complete Callback on the dana-sim serve at http://127.0.0.1:${callbackPort}`,
      );
      expect(lines.map((line) => line.split(/\s+/)[0])).toEqual(['inquiry', 'order', 'waiting', 'refused']);
      expect(lines[3]).toMatch(
        /^refused\s+10 SUCCESS, serial \d{16}: the callback was refused, answered F: signature: .+ \(/,
      );
      expect(run.stdout).not.toMatch(/^callback/m);

      // kios heard the same refusal: it gave the callback up rather than recording it delivered.
      const requestId = /^order\s+(\S+):/m.exec(run.stdout)![1];
      const json = await danaSim(
        'buy',
        'TSEL-10K',
        '081234567992',
        '--wait',
        '--json',
        '--callback-port',
        String(callbackPort),
      );
      expect(json.code).toBe(1);
      expect(JSON.parse(json.stdout).final).toMatchObject({
        via: 'refused',
        reason: expect.stringMatching(/^answered F: signature: /),
      });
      await eventually(async () => {
        const types = await new KiosData(kios.dataDir).orderEventTypes(requestId);
        expect(types).toContain('CallbackAbandoned');
        expect(types).not.toContain('CallbackDelivered');
      });
    } finally {
      await serve.stop();
    }
  });

  it('polls Get Order Detail when something else holds the callback port', async () => {
    const stranger: Server = createServer((_request, response) => response.writeHead(404).end());
    const port = await freePort();
    await new Promise<void>((resolve) => stranger.listen(port, '127.0.0.1', resolve));
    try {
      const run = await danaSim('buy', 'TSEL-10K', '081234567992', '--wait', '--callback-port', String(port));
      expect(run.code).toBe(0);
      expect(run.stderr).toContain(`cannot receive callbacks on port ${port}`);
      expect(run.stdout).toMatch(/^waiting\s+polling Get Order Detail every 500 ms$/m);
      expect(run.stdout).toMatch(/^detail\s+10 SUCCESS, serial \d{16} \(/m);
    } finally {
      await new Promise((resolve) => stranger.close(resolve));
    }
  });

  it('buys with --json: the inquiry, the order charged at the inquiry total, and exit 1 for a failed order', async () => {
    const run = await danaSim('buy', 'STEAM-12K', '081234567345', '--json');
    expect(run.code).toBe(0);
    const bought = JSON.parse(run.stdout);
    expect(bought.order).toMatchObject({
      requestId: bought.requestId,
      orderStatus: { code: '10', status: 'SUCCESS' },
      serialNumber: expect.stringMatching(/^\d{16}$/),
      token: expect.stringMatching(/\S/),
      product: { productId: 'STEAM-12K', price: bought.inquiry.totalAmount },
    });

    const failed = await danaSim('buy', 'TSEL-10K', '081234567991');
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/^order\s+\S+: 30 FAILED/m);
  });

  describe('scenario', () => {
    const steps = (replayExpects: string) => `
- step: pulsa at once
  call: createOrder
  productId: TSEL-10K
  destination: 081234567345
  expect: { orderStatus: SUCCESS, serialNumber: present }
- step: the same requestId again
  call: createOrder
  productId: TSEL-10K
  destination: 081234567345
  requestId: $same:pulsa at once
  expect: { orderStatus: ${replayExpects}, sameOrderAs: pulsa at once }
- step: both in one detail
  call: orderDetail
  requestIds: [$same:pulsa at once, $new]
  expect: { orderStatuses: [SUCCESS, EMPTY] }
`;

    it('exits 0 when every step passes, printing a verdict per step', async () => {
      const run = await danaSim('scenario', scenarioFile('passing.yaml', steps('SUCCESS')));
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^PASS\s+pulsa at once\s+createOrder\s+10 SUCCESS, serial \d{16}/m);
      expect(run.stdout).toMatch(/^PASS\s+the same requestId again\s+createOrder/m);
      expect(run.stdout).toMatch(/^PASS\s+both in one detail\s+orderDetail\s+SUCCESS EMPTY/m);
      expect(run.stdout).toContain('passing.yaml: 3 steps, 3 passed, 0 failed');
    });

    it('exits 1 naming the step whose expectation is wrong, and says what came instead', async () => {
      const run = await danaSim('scenario', scenarioFile('failing.yaml', steps('FAILED')));
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/^FAIL\s+the same requestId again\s+createOrder/m);
      expect(run.stdout).toContain('expected orderStatus FAILED, got 10 SUCCESS');
      expect(run.stdout).toMatch(/^PASS\s+pulsa at once/m);
      expect(run.stdout).toContain('failing.yaml: 3 steps, 2 passed, 1 failed');
      expect(run.stdout).toContain('failed: step 2 "the same requestId again"');

      const json = JSON.parse((await danaSim('scenario', join(scenarios, 'failing.yaml'), '--json')).stdout);
      expect(json.passed).toBe(false);
      expect(json.steps.map((step: { passed: boolean }) => step.passed)).toEqual([true, false, true]);
      expect(json.steps[1].problems).toEqual(['expected orderStatus FAILED, got 10 SUCCESS (Success)']);
    });

    it('refuses a malformed scenario before calling kios, naming the step', async () => {
      const run = await danaSim(
        'scenario',
        scenarioFile(
          'malformed.yaml',
          '- step: typo\n  call: createOrder\n  productId: TSEL-10K\n  destination: "0812"\n  expect: { orderstatus: SUCCESS }\n',
        ),
      );
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('malformed.yaml: step 1 "typo": unknown key expect.orderstatus');
      expect(run.stdout).toBe('');
    });
  });

  it('runs load open loop at the given rate and reports consistent figures as JSON', async () => {
    const run = await danaSim('load', '--rate', '5', '--duration', '2', '--json');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({
      ratePerSecond: 5,
      durationSeconds: 2,
      sent: 10,
      succeeded: 10,
      errors: 0,
    });
    expect(report.elapsedSeconds).toBeGreaterThanOrEqual(2);
    expect(report.throughputPerSecond).toBeCloseTo(report.succeeded / report.elapsedSeconds, 6);
    expect(report.throughputPerSecond).toBeGreaterThan(3);
    const { p50, p95, p99, max } = report.latencyMs;
    expect(p50).toBeGreaterThan(0);
    expect(p50).toBeLessThanOrEqual(p95);
    expect(p95).toBeLessThanOrEqual(p99);
    expect(p99).toBeLessThanOrEqual(max);
    expect(report.outcomes).toEqual({ 'createOrder SUCCESS': 8, 'inquire SUCCESS': 2 });
  });

  it.each(['products', 'inquire', 'validate', 'buy', 'scenario', 'load', 'serve'])(
    'shows the usage of %s with an example on --help',
    async (command) => {
      const run = await runApp('dana-sim', [command, '--help'], {});
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^dana-sim ${command} `));
      expect(run.stdout).toMatch(new RegExp(`example: dana-sim ${command} `));
    },
  );
});
