import type { DanaClient, DanaProduct } from '@kios/dana-protocol';
import { supplierReferenceFor } from '@kios/fulfillment';
import { startSupplierSim, type SupplierSim } from '../apps/supplier-sim/src';
import { DanaSim } from './support/dana-sim-process';
import { digiflazzEnv, DigiflazzShop, telco } from './support/digiflazz-shop';
import { eventually } from './support/eventually';
import { freePort, KiosProcess } from './support/kios-process';
import { parsePrometheusText } from './support/prometheus-text';
import { runApp } from './support/run-cli';

/**
 * The supplier sync against supplier-sim (docs/digiflazz.md §7): kios reads the price list every
 * SYNC_INTERVAL_MS, turns an offer closed or priced above its maxCost into an unavailable product
 * (which dana-sim hears of through Notify Product Status), backs off on rc 83, and reads the deposit
 * into /metrics and /ready. TSEL-10K is sold only through supplier-sim's TSEL10, bought for at most
 * Rp 10.090 (the sample catalog's maxCost); supplier-sim sells it for Rp 9.990.
 */
const SYNC_INTERVAL_MS = 400;
/** supplier-sim's seed deposit is Rp 5.000.000; the minimum is above it, in minor units. */
const MIN_BALANCE_MINOR = '600000000';

describe('the supplier sync and the balance gauge, against supplier-sim', () => {
  let sim: SupplierSim;
  let kios: KiosProcess;
  let dana: DanaSim;
  let client: DanaClient;
  let shop: DigiflazzShop;

  beforeAll(async () => {
    sim = await startSupplierSim();
    const danaPort = await freePort();
    kios = new KiosProcess({
      env: {
        ...digiflazzEnv(sim),
        KIOS_DANA_BASE_URL: `http://127.0.0.1:${danaPort}`,
        KIOS_NOTIFY_PRODUCT_STATUS: 'on',
        KIOS_NOTIFY_POLL_MS: '100',
        KIOS_SUPPLIER_SYNC_INTERVAL: `${SYNC_INTERVAL_MS}ms`,
        KIOS_DIGIFLAZZ_MIN_BALANCE: MIN_BALANCE_MINOR,
      },
    });
    await kios.start();
    dana = await DanaSim.start(kios.dataDir, danaPort);
    client = kios.client();
    shop = new DigiflazzShop(sim, () => client);
  }, 40_000);

  afterAll(async () => {
    await kios?.kill();
    await dana?.stop();
    await sim?.close();
  });

  async function control(body: object): Promise<void> {
    const response = await fetch(`${sim.url}/_control/mode`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
  }

  async function listed(productId: string): Promise<DanaProduct | undefined> {
    const { products } = await shop.call<{ products: DanaProduct[] }>(
      client.presign('productQuery', { type: 'MOBILE_CREDIT', provider: 'telkomsel' }),
    );
    return products.find((product) => product.productId === productId);
  }

  /** The statuses DANA was told of `productId`, oldest first, in signed notices. */
  async function toldOf(productId: string): Promise<string[]> {
    const told: string[] = [];
    for (const notice of await dana.notifications()) {
      expect(notice).toMatchObject({ signatureValid: true, problems: [] });
      for (const status of notice.productStatusList ?? []) {
        if (status.productId === productId) told.push(status.productStatus);
      }
    }
    return told;
  }

  /** Waits until `productId` is listed with `availability` and DANA's last word on it says so. */
  async function becomes(productId: string, availability: boolean): Promise<void> {
    await eventually(async () => {
      expect((await listed(productId))?.availability).toBe(availability);
      expect((await toldOf(productId)).at(-1)).toBe(availability ? 'AVAILABLE' : 'UNAVAILABLE');
    }, 15_000);
  }

  it('reads the deposit into /metrics, and /ready answers 200 naming a balance below KIOS_DIGIFLAZZ_MIN_BALANCE, alerting once', async () => {
    const gauge = await eventually(async () => {
      const samples = parsePrometheusText(await (await fetch(`${kios.baseUrl}/metrics`)).text());
      const sample = samples.find((candidate) => candidate.name === 'kios_supplier_balance_minor_units');
      expect(sample).toBeDefined();
      return sample!;
    });
    expect(gauge).toEqual({
      name: 'kios_supplier_balance_minor_units',
      labels: { supplier: 'digiflazz' },
      value: sim.deposit * 100,
    });

    const ready = await fetch(`${kios.baseUrl}/ready`);
    expect(ready.status).toBe(200);
    expect((await ready.json()) as object).toMatchObject({
      status: 'ok',
      details: {
        supplierBalance: {
          status: 'up',
          supplier: 'digiflazz',
          balance: 'Rp 5.000.000',
          minimum: 'Rp 6.000.000',
          low: true,
          note: expect.stringContaining('KIOS_DIGIFLAZZ_MIN_BALANCE'),
        },
      },
    });
    // Several readings later, still one alert for the one crossing.
    await new Promise((resolve) => setTimeout(resolve, 3 * SYNC_INTERVAL_MS));
    expect(kios.log.match(/OPERATOR ALERT: the digiflazz deposit is Rp 5\.000\.000, below/g)).toHaveLength(1);
  }, 30_000);

  it('an offer the seller turns off makes the product unavailable and DANA is told; back on, available again', async () => {
    await becomes('TSEL-10K', true); // positive control: the synced catalog sells it
    const toldBefore = (await toldOf('TSEL-10K')).length;

    await control({ products: { TSEL10: { seller_product_status: false } } });
    await becomes('TSEL-10K', false);
    expect(kios.log).toContain('TSEL10 now unavailable: seller_product_status is false');

    await control({ products: { TSEL10: { seller_product_status: true } } });
    await becomes('TSEL-10K', true);
    expect((await toldOf('TSEL-10K')).slice(toldBefore)).toEqual(['UNAVAILABLE', 'AVAILABLE']);
  }, 40_000);

  it('a price above the offer’s maxCost makes the product unavailable too, and back under it available', async () => {
    await control({ products: { TSEL10: { price: 10_100 } } });
    await becomes('TSEL-10K', false);
    expect(kios.log).toContain('price Rp 10.100 is above maxCost Rp 10.090');

    await control({ products: { TSEL10: { price: 9_990 } } });
    await becomes('TSEL-10K', true);
  }, 40_000);

  it('rc 83 backs the sync off, the products keep what they were; a purchase above maxCost meanwhile is refused by max_price and fails cleanly', async () => {
    const priceListCalls = async () =>
      (await shop.simLog()).filter((entry) => entry.path === '/v1/price-list');
    await control({ priceListRateLimited: 1_000 });
    await eventually(async () =>
      expect(kios.log).toMatch(/says its price list is asked too often \(.*rc 83/),
    );
    const refusedFrom = (await priceListCalls()).findIndex((entry) => entry.rc === '83');

    await control({ products: { TSEL10: { price: 10_100 } } });
    const { order, createBody } = await shop.buy(telco, '345');

    expect(order.orderStatus).toMatchObject({ code: '30', status: 'FAILED' });
    const calls = (await shop.simLog()).filter(
      (entry) =>
        entry.path === '/v1/transaction' && entry.customer_no === createBody.destinationInfo.primaryParam,
    );
    expect(calls).toEqual([
      expect.objectContaining({
        ref_id: supplierReferenceFor(createBody.requestId),
        rc: '69',
        created: false,
      }),
    ]);
    expect(await shop.orderDetail(createBody.requestId)).toMatchObject({ orderStatus: { code: '30' } });

    // The rate limit held the product as the last list left it: still listed available.
    await new Promise((resolve) => setTimeout(resolve, 4 * SYNC_INTERVAL_MS));
    expect((await listed('TSEL-10K'))?.availability).toBe(true);
    const refused = (await priceListCalls()).slice(refusedFrom);
    expect(refused.every((entry) => entry.rc === '83')).toBe(true);
    const gaps = refused.slice(1).map((entry, index) => Date.parse(entry.at) - Date.parse(refused[index].at));
    expect(gaps.length).toBeGreaterThanOrEqual(1);
    // Each wait after an rc 83 is longer than the interval (2×, 4×, …), never the interval itself.
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(2 * SYNC_INTERVAL_MS - 100);

    await control({ priceListRateLimited: 0 });
    await becomes('TSEL-10K', false); // the next list read says 10.100 > 10.090
    await control({ products: { TSEL10: { price: 9_990 } } });
    await becomes('TSEL-10K', true);
  }, 60_000);

  it('kios-cli suppliers sync: what changed, nothing on a second run; exit 1 naming rc 83 when asked too often', async () => {
    await control({ products: { TSEL10: { buyer_product_status: false } } });
    const first = await runApp('kios-cli', ['suppliers', 'sync'], kios.env());
    expect(first.code).toBe(0);
    // kios's own sync may have recorded it first; either way the product ends unavailable.
    expect(first.stdout).toMatch(/^digiflazz: \d+ products checked; offers: /m);
    await becomes('TSEL-10K', false);

    const again = await runApp('kios-cli', ['suppliers', 'sync'], kios.env());
    expect(again.code).toBe(0);
    expect(again.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^digiflazz: \d+ products checked; offers: 0 now unavailable, 0 available again; products: 0 now unavailable, 0 available again$/,
      ),
    ]);

    await control({ priceListRateLimited: 1_000 });
    const limited = await runApp('kios-cli', ['suppliers', 'sync'], kios.env());
    expect(limited.code).toBe(1);
    expect(limited.stderr).toMatch(
      /digiflazz says its price list is asked too often \(.*rc 83.*\); nothing changed/,
    );

    await control({ priceListRateLimited: 0, products: { TSEL10: { buyer_product_status: true } } });
    await becomes('TSEL-10K', true);
  }, 60_000);
});
