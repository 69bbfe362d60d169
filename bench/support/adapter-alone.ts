import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCatalogFile } from '@kios/catalog';
import { systemClock } from '@kios/dana-protocol';
import {
  digiflazzMaxPriceFromOffers,
  digiflazzSkuFromOffers,
  DigiflazzSupplier,
  JsonLinesPurchaseLog,
  type PurchaseRequest,
  SimulatorSupplier,
  supplierReferenceFor,
} from '@kios/fulfillment';
import type { Span } from './main-thread-cost';
import { purchaseCost } from './purchase-cost';

const CONCURRENCY = 64;
const WARM_UP_PURCHASES = 1_000;
const ROUNDS = 6;
const PURCHASES_PER_ROUND = 2_000;

export type Account = { url: string; username: string; key: string };

/**
 * The two suppliers kios can run with, built as FulfillmentModule builds them, called straight from
 * this process: DigiflazzSupplier buying from supplier-sim over HTTP, SimulatorSupplier with its
 * purchase log in a temp folder. Rounds alternate which goes first; each round's spans are paired.
 */
export async function adapterAloneSpans(account: Account): Promise<{ withAdapter: Span[]; without: Span[] }> {
  const folder = mkdtempSync(join(tmpdir(), 'kios-bench-suppliers-'));
  const digiflazz = new DigiflazzSupplier({
    baseUrl: account.url,
    username: account.username,
    key: account.key,
    testing: false,
    timeoutMs: 5_000,
    skuFor: digiflazzSkuFromOffers,
    maxPriceFor: digiflazzMaxPriceFromOffers,
  });
  const simulator = new SimulatorSupplier({
    clock: systemClock,
    purchaseLog: new JsonLinesPurchaseLog(join(folder, 'purchases.jsonl')),
  });
  try {
    const purchases = await PurchaseRequests.forSampleTelco();
    for (const supplier of [digiflazz, simulator]) {
      await purchaseCost(supplier, purchases.next(WARM_UP_PURCHASES), CONCURRENCY);
    }
    const withAdapter: Span[] = [];
    const without: Span[] = [];
    for (let round = 1; round <= ROUNDS; round += 1) {
      const measureDigiflazz = async () =>
        withAdapter.push(await purchaseCost(digiflazz, purchases.next(PURCHASES_PER_ROUND), CONCURRENCY));
      const measureSimulator = async () =>
        without.push(await purchaseCost(simulator, purchases.next(PURCHASES_PER_ROUND), CONCURRENCY));
      if (round % 2 === 1) {
        await measureSimulator();
        await measureDigiflazz();
      } else {
        await measureDigiflazz();
        await measureSimulator();
      }
    }
    return { withAdapter, without };
  } finally {
    digiflazz.close();
    simulator.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

/** TSEL-10K purchases from the bundled catalog (its Digiflazz offer: sku and maxCost), each its own ref. */
class PurchaseRequests {
  private sent = 0;
  private readonly run = Date.now().toString(36).toUpperCase();

  private constructor(private readonly product: PurchaseRequest['product']) {}

  static async forSampleTelco(): Promise<PurchaseRequests> {
    const compiled = __filename.endsWith('.js');
    const repo = join(__dirname, ...(compiled ? ['..', '..', '..'] : ['..', '..']));
    const products = await readCatalogFile(join(repo, 'catalog', 'sample-catalog.json'));
    const product = products.find((candidate) => candidate.productId === 'TSEL-10K');
    if (!product) throw new Error('the sample catalog has no TSEL-10K');
    return new PurchaseRequests(product);
  }

  /** Numbers ending in 5 hit no scenario of either supplier's suffix table: each succeeds at once. */
  next(count: number): PurchaseRequest[] {
    return Array.from({ length: count }, () => {
      this.sent += 1;
      return {
        product: this.product,
        destination: { primaryParam: `0813${String(this.sent % 10_000_000).padStart(7, '0')}5` },
        supplierRef: supplierReferenceFor(`BENCH-ALONE-${this.run}-${this.sent}`),
      };
    });
  }
}
