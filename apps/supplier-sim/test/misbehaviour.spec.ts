import { startSupplierSim, type SupplierSim } from '../src';
import { Buyer, KEY, USERNAME } from './buyer-client';

let sim: SupplierSim;
let buyer: Buyer;
let refs = 0;
const ref = () => `MIS-${++refs}`;
const control = (body: unknown) =>
  fetch(`${sim.url}/_control/mode`, { method: 'POST', body: JSON.stringify(body) });

beforeAll(async () => {
  sim = await startSupplierSim({ username: USERNAME, key: KEY });
  buyer = new Buyer(sim.url);
});
afterEach(() => sim.reset({ all: true }));
afterAll(() => sim.close());

describe('supplier-sim misbehaviour, switched through POST /_control/mode', () => {
  it('answers every call later by answerDelayMs until turned off', async () => {
    expect((await control({ answerDelayMs: 250 })).status).toBe(200);
    let started = Date.now();
    await buyer.deposit();
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    await control({ answerDelayMs: 0 });
    started = Date.now();
    await buyer.deposit();
    expect(Date.now() - started).toBeLessThan(200);
  });

  it('answers HTTP 5xx with no JSON to the next N calls, buying nothing unless told to carry them out', async () => {
    await control({ http5xx: { count: 2, status: 503 } });
    const refId = ref();
    for (let call = 0; call < 2; call++) {
      const answer = await buyer.raw(
        '/v1/transaction',
        buyer.transactionBody(refId, 'TSEL10', '081234567000'),
      );
      expect(answer.httpStatus).toBe(503);
      expect(() => JSON.parse(answer.text)).toThrow();
    }
    expect(sim.transactions()).toEqual([]);
    expect((await buyer.topUp(refId, 'TSEL10', '081234567000')).data.status).toBe('Sukses');
  });

  it('can carry the call out behind the 5xx: a status check then finds the purchase', async () => {
    await control({ http5xx: { count: 1, processed: true } });
    const refId = ref();
    const answer = await buyer.raw('/v1/transaction', buyer.transactionBody(refId, 'TSEL10', '081234567000'));
    expect(answer.httpStatus).toBe(500);
    expect((await buyer.topUp(refId, 'TSEL10', '081234567000')).data.status).toBe('Sukses');
    expect(sim.transactions()).toHaveLength(1);
  });

  it('answers the next N calls with a body that does not parse', async () => {
    await control({ garbage: { count: 1, processed: true } });
    const refId = ref();
    const answer = await buyer.raw('/v1/transaction', buyer.transactionBody(refId, 'TSEL10', '081234567000'));
    expect(answer.httpStatus).toBe(200);
    expect(() => JSON.parse(answer.text)).toThrow();
    expect((await buyer.topUp(refId, 'TSEL10', '081234567000')).data.status).toBe('Sukses');
  });

  it('lets the next purchase succeed at once but answer after delayMs (after the caller stopped waiting)', async () => {
    await control({ lateSuccess: { count: 1, delayMs: 400 } });
    const refId = ref();
    const started = Date.now();
    const late = buyer.topUp(refId, 'TSEL10', '081234567000');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sim.transaction(refId)?.data.status).toBe('Sukses');
    expect((await late).data.status).toBe('Sukses');
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
  });

  it('refuses the next calls with a given rc: 45 forms no transaction, 01 forms a failed one', async () => {
    await control({ refuse: { count: 1, rc: '45' } });
    const first = ref();
    expect((await buyer.topUp(first, 'TSEL10', '081234567000')).data).toMatchObject({
      rc: '45',
      status: 'Gagal',
    });
    expect(sim.transactions()).toEqual([]);
    await control({ refuse: { count: 1, rc: '01' } });
    const second = ref();
    expect((await buyer.topUp(second, 'TSEL10', '081234567000')).data).toMatchObject({
      rc: '01',
      status: 'Gagal',
    });
    expect((await buyer.topUp(second, 'TSEL10', '081234567000')).data.rc).toBe('01');
  });

  it('answers rc 83 to the next price-list calls', async () => {
    await control({ priceListRateLimited: 1 });
    expect((await buyer.priceList('prepaid')).data).toMatchObject({ rc: '83' });
    expect(Array.isArray((await buyer.priceList('prepaid')).data)).toBe(true);
  });

  it('turns a product off or changes its price, as the price list and purchases then show', async () => {
    await control({
      products: {
        TSEL10: { seller_product_status: false },
        TSEL20: { buyer_product_status: false },
        XL10: { price: 12_000 },
      },
    });
    const { data } = await buyer.priceList('prepaid');
    const product = (sku: string) => data.find((entry) => entry.buyer_sku_code === sku);
    expect(product('TSEL10')).toMatchObject({ seller_product_status: false });
    expect(product('XL10')).toMatchObject({ price: 12_000 });
    expect((await buyer.topUp(ref(), 'TSEL10', '081234567000')).data.rc).toBe('62');
    expect((await buyer.topUp(ref(), 'TSEL20', '081234567000')).data.rc).toBe('55');
    expect((await buyer.topUp(ref(), 'XL10', '081712345678', { max_price: 11_000 })).data.rc).toBe('69');
    sim.reset();
    expect((await buyer.topUp(ref(), 'TSEL10', '081234567000')).data.rc).toBe('00');
  });

  it('refuses a control body it does not understand, changing nothing', async () => {
    const answer = await control({ http5xx: 1, products: { NOPE: { price: 1 } } });
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { error: string }).error).toContain('NOPE');
    expect(sim.modes.http5xx.count).toBe(0);
    expect((await control({ slowness: 5 })).status).toBe(400);
  });

  it('applies a control body given at start (the --mode flag)', async () => {
    const started = await startSupplierSim({ username: USERNAME, key: KEY, control: { garbage: 1 } });
    try {
      const answer = await new Buyer(started.url).raw('/v1/cek-saldo', {});
      expect(() => JSON.parse(answer.text)).toThrow();
    } finally {
      await started.close();
    }
  });
});
