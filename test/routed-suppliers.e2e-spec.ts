import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatRupiah, idr, type DanaClient } from '@kios/dana-protocol';
import { attemptReferenceFor, supplierReferenceFor } from '@kios/fulfillment';
import { startSupplierSim, type SupplierSim } from '../apps/supplier-sim/src';
import { DigiflazzShop, telco } from './support/digiflazz-shop';
import { eventually } from './support/eventually';
import { freePort, KiosProcess } from './support/kios-process';
import { runApp } from './support/run-cli';

/**
 * kios with several suppliers (KIOS_SUPPLIER=routed, docs/architecture.md §4 step 4, failover), both
 * played by one supplier-sim on one transaction book: IAK on a listener of its own (so it can be
 * down: connections refused) and Digiflazz. The catalog offers each Telco product at both, IAK the
 * cheaper, so IAK is asked first. supplier-sim's request log and book are the truth: which
 * references each supplier was asked about, and which made a transaction.
 */
describe('kios routing between IAK and Digiflazz (supplier-sim) over HTTP', () => {
  let sim: SupplierSim;
  let kios: KiosProcess;
  let dana: DanaClient;
  let shop: DigiflazzShop;

  beforeAll(async () => {
    const port = await freePort();
    sim = await startSupplierSim({ pendingDelayMs: 500, iakPort: 0 });
    kios = new KiosProcess({
      env: {
        KIOS_DANA_BASE_URL: 'http://127.0.0.1:9',
        KIOS_SUPPLIER: 'routed',
        KIOS_IAK_URL: sim.iakUrl,
        KIOS_IAK_USERNAME: sim.username,
        KIOS_IAK_API_KEY: sim.key,
        KIOS_IAK_TIMEOUT_MS: '800',
        KIOS_DIGIFLAZZ_URL: sim.url,
        KIOS_DIGIFLAZZ_USERNAME: sim.username,
        KIOS_DIGIFLAZZ_KEY: sim.key,
        KIOS_DIGIFLAZZ_TESTING: 'off',
        KIOS_DIGIFLAZZ_STATUS_INTERVAL_MS: '0',
        KIOS_DIGIFLAZZ_TIMEOUT_MS: '800',
        KIOS_SUPPLIER_BUDGET_MS: '3000',
        KIOS_FULFILMENT_FIRST_CHECK_MS: '300',
        KIOS_SUPPLIER_UNHEALTHY_AFTER: '2',
        KIOS_SUPPLIER_PROBE_MS: '300',
        KIOS_CATALOG_FILE: twoSupplierCatalog(),
      },
    });
    kios.port = port;
    await kios.start();
    dana = kios.client();
    shop = new DigiflazzShop(sim, () => dana);
  }, 60_000);

  afterAll(async () => {
    await kios?.kill();
    await sim?.close();
  });

  /** The sample catalog with each fixed-price Digiflazz offer also offered by IAK, Rp 1 cheaper, first. */
  function twoSupplierCatalog(): string {
    const sample = JSON.parse(readFileSync(join(__dirname, '../catalog/sample-catalog.json'), 'utf8')) as {
      products?: unknown[];
    };
    type Entry = {
      pricing: string;
      offers?: { supplier: string; sku: string; maxCost?: { value: string } }[];
    };
    const products = (Array.isArray(sample) ? sample : sample.products!) as Entry[];
    for (const product of products) {
      const digiflazz = product.offers?.find((offer) => offer.supplier === 'digiflazz');
      if (product.pricing !== 'fixed' || !digiflazz?.maxCost) continue;
      const cheaper = String(BigInt(digiflazz.maxCost.value) - 100n);
      product.offers = [
        digiflazz,
        { supplier: 'iak', sku: digiflazz.sku, maxCost: { ...digiflazz.maxCost, value: cheaper } },
      ];
    }
    const file = join(mkdtempSync(join(tmpdir(), 'kios-routed-e2e-')), 'catalog.json');
    writeFileSync(file, JSON.stringify(sample));
    return file;
  }

  /** The transaction calls for a destination, by supplier, with the references used. */
  function callsFor(primaryParam: string) {
    const calls = sim
      .requestLog()
      .filter((entry) => entry.customer_no === primaryParam && entry.ref_id !== undefined);
    return {
      iak: calls.filter((entry) => entry.supplier === 'iak'),
      digiflazz: calls.filter((entry) => entry.supplier === undefined && entry.path === '/v1/transaction'),
      transactions: calls.filter((entry) => entry.created),
    };
  }

  it('the cheapest (IAK) refuses with a code that forms no transaction: bought at Digiflazz, one transaction in all', async () => {
    await sim.control({ iak: { refuse: { count: 1, rc: '102' } } });
    const { order, createBody } = await shop.buy(telco, '301');
    expect(order.orderStatus).toMatchObject({ code: '10', status: 'SUCCESS' });
    const calls = callsFor(createBody.destinationInfo.primaryParam);
    expect(new Set(calls.iak.map((entry) => entry.ref_id))).toEqual(
      new Set([supplierReferenceFor(createBody.requestId)]),
    );
    expect(new Set(calls.digiflazz.map((entry) => entry.ref_id))).toEqual(
      new Set([attemptReferenceFor(createBody.requestId, 2)]),
    );
    expect(calls.transactions).toHaveLength(1);
    expect(order.serialNumber).toBe(sim.transaction(attemptReferenceFor(createBody.requestId, 2))!.data.sn);
  });

  it('both fail the transaction: FAILED, the reason naming each supplier', async () => {
    const { order, createBody } = await shop.buy(telco, '991');
    expect(order.orderStatus).toMatchObject({ code: '30', status: 'FAILED' });
    const calls = callsFor(createBody.destinationInfo.primaryParam);
    expect(calls.iak.length).toBeGreaterThan(0);
    expect(calls.digiflazz.length).toBeGreaterThan(0);
    expect(order.orderStatus.message).toMatch(/iak: .*; digiflazz: /);
  });

  it('the cheapest is down (connection refused): bought at the next; marked unhealthy, later orders go straight to Digiflazz, and come back to IAK once a probe finds it up', async () => {
    await sim.control({ iak: { down: true } });
    for (const end of ['311', '312']) {
      const { order, createBody } = await shop.buy(telco, end);
      expect(order.orderStatus.code).toBe('10');
      expect(callsFor(createBody.destinationInfo.primaryParam).transactions).toHaveLength(1);
    }
    const straight = await shop.buy(telco, '313');
    expect(straight.order.orderStatus.code).toBe('10');
    const calls = callsFor(straight.createBody.destinationInfo.primaryParam);
    expect(calls.iak).toEqual([]);
    expect(calls.digiflazz.map((entry) => entry.ref_id)).toContain(
      supplierReferenceFor(straight.createBody.requestId),
    );

    await sim.control({ iak: { down: false } });
    let end = 320;
    await eventually(async () => {
      const { order, createBody } = await shop.buy(telco, String((end += 1)));
      expect(order.orderStatus.code).toBe('10');
      expect(callsFor(createBody.destinationInfo.primaryParam).iak.length).toBeGreaterThan(0);
    }, 10_000);
  });

  it('the cheapest times out and succeeds late: PENDING, then SUCCESS there; Digiflazz is never asked', async () => {
    await sim.control({ iak: { lateSuccess: { count: 1, delayMs: 1500 } } });
    const { order, createBody } = await shop.buy(telco, '331');
    expect(order.orderStatus.code).toBe('20');
    const final = await shop.settlesAs(createBody.requestId, '10');
    expect(final.serialNumber).toBe(sim.transaction(supplierReferenceFor(createBody.requestId))!.data.sn);
    const calls = callsFor(createBody.destinationInfo.primaryParam);
    expect(calls.digiflazz).toEqual([]);
    expect(calls.transactions).toHaveLength(1);
  });

  /** What supplier-sim's book says the transaction under `ref` cost, in minor units (it keeps whole rupiah). */
  function chargedFor(ref: string): bigint {
    const transaction = sim.transaction(ref);
    if (transaction === undefined) throw new Error(`supplier-sim made no transaction under ${ref}`);
    return BigInt(transaction.data.price) * 100n;
  }

  /** A `kios-cli margins` row: the supplier, then its orders, cost, DANA's price and margin as money. */
  function marginsRow(supplier: string, orders: number, cost: bigint, sold: bigint, tail = ''): RegExp {
    const money = (minor: bigint) => formatRupiah(idr(minor)).replace(/[.,]/g, '\\$&');
    return new RegExp(
      `^${supplier} +orders +${orders} +cost +${money(cost)} +sold +${money(sold)} +margin +${money(sold - cost)}${tail}$`,
      'm',
    );
  }

  it("money: a success at either supplier records the price its answer gave as the order's cost; margins shows cost and margin per supplier, and IAK charging above the offer's maxCost is a breach", async () => {
    const from = new Date();
    await sim.control({ iak: { refuse: { count: 1, rc: '102' } } });
    const atDigiflazz = await shop.buy(telco, '341');
    const atIak = await shop.buy(telco, '342');
    // Above IAK's maxCost in this catalog (Rp 10.089) and DANA's price (Rp 10.250); routing still
    // sends it to IAK, as no price list is synced here and maxCost is its known cost.
    await sim.control({ iak: { prices: { TSEL10: 10_500 } } });
    const breached = await shop.buy(telco, '343');
    for (const bought of [atDigiflazz, atIak, breached]) expect(bought.order.orderStatus.code).toBe('10');
    const to = new Date(Date.now() + 1000);

    const digiflazzCost = chargedFor(attemptReferenceFor(atDigiflazz.createBody.requestId, 2));
    const iakCost = chargedFor(supplierReferenceFor(atIak.createBody.requestId));
    const breachCost = chargedFor(supplierReferenceFor(breached.createBody.requestId));
    expect(breachCost).toBe(1_050_000n);
    expect(digiflazzCost).toBeGreaterThan(0n);
    expect(iakCost).toBeGreaterThan(0n);

    const margins = await runApp(
      'kios-cli',
      ['margins', '--from', from.toISOString(), '--to', to.toISOString()],
      kios.env(),
    );
    expect(margins.stderr).toBe('');
    expect(margins.code).toBe(0);
    const sold = BigInt(telco.price);
    expect(margins.stdout).toMatch(marginsRow('digiflazz', 1, digiflazzCost, sold));
    expect(margins.stdout).toMatch(
      marginsRow('iak', 2, iakCost + breachCost, 2n * sold, '  1 above a bound'),
    );
    expect(margins.stdout).not.toMatch(/without a cost/);

    const history = await runApp('kios-cli', ['history', breached.createBody.requestId], kios.env());
    expect(history.code).toBe(0);
    expect(history.stdout).toMatch(/above maxCost/);
  });
});
