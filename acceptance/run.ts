/**
 * `npm run acceptance [-- [--supplier simulator|digiflazz] <set>]`: starts kios and `dana-sim serve`
 * from source on temp files, runs the acceptance set (acceptance/acceptance.yaml unless another file
 * is named) with `dana-sim scenario`, prints each step's verdict, stops both, and exits with the
 * scenario's code: 0 only when every step passed. On a failure the temp folder, with kios's log, is
 * kept and named. With `--supplier digiflazz` kios buys through its Digiflazz adapter from
 * supplier-sim (see suppliers.ts), and the run also fails if supplier-sim's own log shows a purchase
 * made twice under one ref_id.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureDevKeys } from '@kios/dana-protocol';
import { DanaSim } from '../test/support/dana-sim-process';
import { freePort, KiosProcess, spawnApp, tempDataDir } from '../test/support/kios-process';
import { setWithOverrides } from './supplier-set';
import { startSupplier, SUPPLIERS, type AcceptanceSupplier, type SupplierName } from './suppliers';

const USAGE = `usage: npm run acceptance -- [--supplier ${SUPPLIERS.join('|')}] [<set file>]`;

/** Short follow-up and callback timings, so every §7 path settles in about a second. */
const KIOS_SETTINGS: Record<string, string> = {
  KIOS_SUPPLIER_BUDGET_MS: '500',
  KIOS_FULFILMENT_FIRST_CHECK_MS: '100',
  KIOS_FULFILMENT_MAX_CHECK_INTERVAL_MS: '300',
  KIOS_CALLBACK_SCHEDULE: '200ms,500ms,1s',
  KIOS_CALLBACK_POLL_MS: '100',
};
const CATALOG_WAIT_MS = 15_000;

/** The command line: the supplier (simulator unless named) and the set file; throws with the usage. */
function readArguments(argv: string[]): { supplier: SupplierName; setFile: string } {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { supplier: { type: 'string', default: 'simulator' } },
    allowPositionals: true,
  });
  const supplier = SUPPLIERS.find((name) => name === values.supplier);
  if (!supplier)
    throw new Error(`--supplier must be one of ${SUPPLIERS.join(', ')}, got "${values.supplier}"`);
  if (positionals.length > 1) throw new Error(`one set file at most, got ${positionals.join(' ')}`);
  return { supplier, setFile: resolve(positionals[0] ?? join(__dirname, 'acceptance.yaml')) };
}

async function main(argv: string[]): Promise<number> {
  const started = performance.now();
  let supplierName: SupplierName;
  let setFile: string;
  try {
    ({ supplier: supplierName, setFile } = readArguments(argv));
  } catch (error) {
    say(`acceptance: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const dataDir = tempDataDir('kios-acceptance-');
  // Made before either process starts, so both use the same pair from their first moment.
  ensureDevKeys(dataDir);
  const simPort = await freePort();
  let supplier: AcceptanceSupplier | undefined;
  let kios: KiosProcess | undefined;
  let sim: DanaSim | undefined;
  let code = 1;
  try {
    supplier = await startSupplier(supplierName, dataDir);
    kios = new KiosProcess({
      dataDir,
      env: { ...KIOS_SETTINGS, ...supplier.kiosEnv, KIOS_DANA_BASE_URL: `http://127.0.0.1:${simPort}` },
    });
    [sim] = await Promise.all([DanaSim.start(dataDir, simPort), kios.start()]);
    await catalogListed(kios);
    say(
      `kios on ${kios.baseUrl} (buying from ${supplier.description}) and dana-sim serve on ${sim.baseUrl} are up (${seconds(started)}); running ${setFile}${supplier.overridesFile ? ` with the expectations of ${supplier.overridesFile}` : ''}\n`,
    );
    const runFile = supplier.overridesFile
      ? setWithOverrides(setFile, supplier.overridesFile, dataDir)
      : setFile;
    code = await runScenario(runFile, kios, sim);
    code = Math.max(code, supplierVerdict(supplier));
  } catch (error) {
    say(`acceptance could not run: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await Promise.all([kios?.kill(), sim?.stop()]);
    await supplier?.stop();
  }
  if (code === 0) {
    rmSync(dataDir, { recursive: true, force: true });
    say(`acceptance passed in ${seconds(started)}`);
  } else {
    writeFileSync(join(dataDir, 'kios.log'), kios?.log ?? '');
    writeFileSync(join(dataDir, 'dana-sim-serve.log'), sim?.log ?? '');
    say(`acceptance FAILED after ${seconds(started)}; kios's stores and logs are kept in ${dataDir}`);
  }
  return code;
}

/** Prints what the supplier saw of the run, if it can tell; 1 when it saw a purchase made twice. */
function supplierVerdict(supplier: AcceptanceSupplier): number {
  if (!supplier.report) return 0;
  const { calls, problems } = supplier.report();
  say(`${supplier.description} answered transaction calls: ${calls || 'none'}`);
  if (problems.length === 0) {
    say(`${supplier.description}: no purchase made twice under one ref_id`);
    return 0;
  }
  say(`${supplier.description} saw purchases made twice:\n${problems.map((line) => `  ${line}`).join('\n')}`);
  return 1;
}

/** kios lists the catalog through a projection: the first step must not race it. */
async function catalogListed(kios: KiosProcess): Promise<void> {
  const client = kios.client();
  const deadline = performance.now() + CATALOG_WAIT_MS;
  for (;;) {
    const reply = await client.productQuery({ type: 'MOBILE_CREDIT', provider: 'telkomsel' });
    if (reply.envelope?.response?.body?.products?.length > 0) return;
    if (performance.now() > deadline) throw new Error(`kios listed no products within ${CATALOG_WAIT_MS} ms`);
    await new Promise((resolveWait) => setTimeout(resolveWait, 100));
  }
}

/** `dana-sim scenario`, its output passed through as it comes; resolves with its exit code. */
function runScenario(setFile: string, kios: KiosProcess, sim: DanaSim): Promise<number> {
  const child = spawnApp(
    'dana-sim',
    [
      'scenario',
      setFile,
      '--kios',
      kios.baseUrl,
      '--callback-port',
      String(sim.port),
      '--callback-host',
      '127.0.0.1',
    ],
    { KIOS_DATA_DIR: kios.dataDir, ...(process.stdout.isTTY ? { FORCE_COLOR: '1' } : {}) },
  );
  child.stdout!.pipe(process.stdout, { end: false });
  child.stderr!.pipe(process.stderr, { end: false });
  return new Promise((resolveCode, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode) => resolveCode(exitCode ?? 1));
  });
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`acceptance: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
