import { join } from 'node:path';
import { DanaSim } from './support/dana-sim-process';
import { eventually } from './support/eventually';
import { freePort, KiosProcess } from './support/kios-process';
import { sampleValue, scrape } from './support/prometheus-text';
import { runApp } from './support/run-cli';
import { sampleProducts, writeChangedSampleCatalog } from './support/sample-catalog';

describe('Notify Aggregator Product Status (docs/dana-protocol.md §3.6), KIOS_NOTIFY_PRODUCT_STATUS=on', () => {
  let danaPort: number;
  let kios: KiosProcess;
  let sim: DanaSim | undefined;

  beforeAll(async () => {
    danaPort = await freePort();
    kios = new KiosProcess({
      env: {
        KIOS_DANA_BASE_URL: `http://127.0.0.1:${danaPort}`,
        KIOS_NOTIFY_PRODUCT_STATUS: 'on',
        KIOS_NOTIFY_POLL_MS: '100',
      },
    });
    await kios.start();
  }, 30_000);
  afterAll(async () => {
    await kios.kill();
    await sim?.stop();
  });

  /** The newest status DANA was told of each product, from every notice received. */
  async function toldStatuses(): Promise<Map<string, string>> {
    const told = new Map<string, string>();
    for (const notice of await sim!.notifications()) {
      for (const { productId, productStatus } of notice.productStatusList ?? [])
        told.set(productId, productStatus);
    }
    return told;
  }

  it('keeps trying while DANA cannot be reached, then tells it every listed product, ten at most a call', async () => {
    await eventually(async () =>
      expect(kios.log).toContain('product status notice not settled, will try again'),
    );
    sim = await DanaSim.start(kios.dataDir, danaPort);

    const told = await eventually(async () => {
      const statuses = await toldStatuses();
      expect(statuses.size).toBe(sampleProducts.length);
      return statuses;
    }, 20_000);
    for (const product of sampleProducts) {
      expect(told.get(product.productId)).toBe(product.availability ? 'AVAILABLE' : 'UNAVAILABLE');
    }
    for (const notice of await sim.notifications()) {
      expect(notice).toMatchObject({ signatureValid: true, problems: [] });
      expect(notice.productStatusList!.length).toBeGreaterThanOrEqual(1);
      expect(notice.productStatusList!.length).toBeLessThanOrEqual(10);
    }
  }, 40_000);

  it('tells DANA of a product a catalog import makes unavailable', async () => {
    const target = sampleProducts.find((product) => product.availability)!;
    const file = join(kios.dataDir, 'catalog-changed.json');
    writeChangedSampleCatalog(file, (product) =>
      product.productId === target.productId ? { ...product, availability: false } : product,
    );
    const before = (await sim!.notifications()).length;
    const run = await runApp('kios-cli', ['catalog', 'import', file], kios.env());
    expect(run.code).toBe(0);

    await eventually(async () => {
      const latest = (await sim!.notifications()).slice(before);
      expect(latest).toEqual([
        expect.objectContaining({
          signatureValid: true,
          productStatusList: [{ productId: target.productId, productStatus: 'UNAVAILABLE' }],
        }),
      ]);
    });
  });

  /**
   * Until the restarted notifier has handled every event in the store (its lag in /metrics is 0): what
   * it was going to tell DANA, it has told by then, since it moves its checkpoint only after DANA
   * settled a notice. A machine under load may take seconds, so no fixed wait.
   */
  const notifierCaughtUp = () =>
    eventually(async () => {
      const samples = await scrape(`http://127.0.0.1:${kios.port}`);
      expect(sampleValue(samples, 'kios_processor_lag_events', { processor: 'notify_product_status' })).toBe(
        0,
      );
    }, 20_000);

  it('does not tell DANA again after a restart what DANA already accepted', async () => {
    const before = (await sim!.notifications()).length;
    await kios.restart();
    await notifierCaughtUp();
    expect(await sim!.notifications()).toHaveLength(before);
  }, 30_000);

  it('tells DANA, within that same wait after a restart, of a change it had not been told', async () => {
    // The control of the test above: by the time it caught up, the restarted notifier did send, when there was something to send.
    const target = sampleProducts.find((product) => product.availability)!;
    const file = join(kios.dataDir, 'catalog-restored.json');
    writeChangedSampleCatalog(file, (product) => product);
    await kios.kill();
    const run = await runApp('kios-cli', ['catalog', 'import', file], kios.env());
    expect(run.code).toBe(0);
    const before = (await sim!.notifications()).length;
    await kios.start();
    await notifierCaughtUp();
    expect((await sim!.notifications()).slice(before)).toEqual([
      expect.objectContaining({
        signatureValid: true,
        productStatusList: [{ productId: target.productId, productStatus: 'AVAILABLE' }],
      }),
    ]);
  }, 30_000);
});
