import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchResult } from './bench-result';
import type { AnswerCheck } from './support/bench-server';
import { KiosChild } from './support/kios-child';
import { closedLoop, type Sender } from './support/load';
import { rsaCeiling } from './support/rsa-ceiling';

const PRODUCTS = 5_000;
const BENCH_PROVIDER = 'telkomsel';
const BENCH_PROVIDER_PRODUCTS = 500;
const OTHER_PROVIDERS = ['indosat', 'xl', 'axis', 'tri', 'smartfren', 'byu', 'im3', 'simpati', 'as'];
const CONCURRENCY = 32;
const WARM_UP_REQUESTS = 200;
const MEASURED_SECONDS = 5;
const CEILING_MS = 2_000;

/**
 * Get List of Product on a 5,000-product catalog where the queried provider has 500 products,
 * against kios in a child process on SQLite files. Signing the ~60 KB answer is the floor of the
 * work, so the figure is judged against this machine's RSA-2048 signing rate for an answer that
 * size, on both cores, measured in the same run. Requests are signed before the timed phase.
 */
export async function benchProductList(): Promise<BenchResult[]> {
  const folder = mkdtempSync(join(tmpdir(), 'kios-bench-products-'));
  const catalogFile = join(folder, 'catalog.json');
  writeFileSync(catalogFile, JSON.stringify({ products: benchCatalog() }));
  const kios = await KiosChild.start({ KIOS_CATALOG_FILE: catalogFile });
  try {
    const client = kios.client();
    const query = { type: 'MOBILE_CREDIT', provider: BENCH_PROVIDER };
    const answerText = await waitForFullList(kios, () => client.presign('productQuery', query));
    const lists: Sender = { send: (request) => kios.send(request, isFullList) };
    const presign = (count: number) =>
      Array.from({ length: count }, () => client.presign('productQuery', query));

    await closedLoop(lists, presign(WARM_UP_REQUESTS), CONCURRENCY);
    const estimate = await closedLoop(lists, presign(WARM_UP_REQUESTS), CONCURRENCY);
    const measured = await closedLoop(
      lists,
      presign(Math.ceil(estimate.perSecond * MEASURED_SECONDS)),
      CONCURRENCY,
    );
    await kios.stop();

    const signingRate = await rsaCeiling({ text: answerText, threads: 2, verify: false, ms: CEILING_MS });
    const perSignatureMs = 1000 / (signingRate / 2);
    return [
      {
        name: `Get List of Product, ${BENCH_PROVIDER_PRODUCTS} of ${PRODUCTS} products (presigned, ${CONCURRENCY} in flight)`,
        value: measured.perSecond,
        unit: 'requests/s',
        baseline: { name: 'RSA-2048 signing of the same answer on both cores', value: signingRate },
        ratio: measured.perSecond / signingRate,
      },
      {
        name: 'Get List of Product p99 latency',
        value: measured.p99,
        unit: 'ms',
        baseline: { name: 'one RSA-2048 signature of the answer (ms)', value: perSignatureMs },
        ratio: measured.p99 / perSignatureMs,
      },
    ];
  } finally {
    await kios.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}

/** An answer listing every product of the bench provider. */
const isFullList: AnswerCheck = (httpStatus, text) =>
  httpStatus === 200 && text.split('"productId"').length - 1 === BENCH_PROVIDER_PRODUCTS;

/** The first start imports the catalog and projects it; the bench starts once all of it is listed. */
async function waitForFullList(
  kios: KiosChild,
  presign: () => Parameters<KiosChild['send']>[0],
): Promise<string> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      return await kios.send(presign(), isFullList);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

function benchCatalog() {
  return Array.from({ length: PRODUCTS }, (_, index) => {
    const provider =
      index < BENCH_PROVIDER_PRODUCTS ? BENCH_PROVIDER : OTHER_PROVIDERS[index % OTHER_PROVIDERS.length];
    const type = index % 2 === 0 || provider === BENCH_PROVIDER ? 'MOBILE_CREDIT' : 'MOBILE_DATA';
    const rupiah = 5_000 + (index % 200) * 1_000;
    return {
      productId: `BENCH-${String(index).padStart(5, '0')}`,
      type,
      provider,
      name: `${provider} ${type === 'MOBILE_CREDIT' ? 'Pulsa' : 'Data'} ${rupiah.toLocaleString('id-ID')}`,
      module: 'telco',
      price: { value: String((rupiah + 250) * 100), currency: 'IDR' },
      availability: index % 10 !== 0,
      destination: { kind: 'phone' },
      pricing: 'fixed',
      delivery: 'serial',
    };
  });
}
