import { startSupplierSim, type SupplierSim } from '../src';
import { Buyer, KEY, md5, USERNAME } from './buyer-client';

const PENDING_DELAY_MS = 150;
const SLOW_ANSWER_MS = 400;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let sim: SupplierSim;
let buyer: Buyer;
let refs = 0;
const ref = () => `REF-${process.pid}-${++refs}`;

beforeAll(async () => {
  sim = await startSupplierSim({
    username: USERNAME,
    key: KEY,
    pendingDelayMs: PENDING_DELAY_MS,
    slowAnswerMs: SLOW_ANSWER_MS,
  });
  buyer = new Buyer(sim.url);
});
afterEach(() => sim.reset({ all: true }));
afterAll(() => sim.close());

describe('supplier-sim signatures (md5 as Digiflazz documents them)', () => {
  it('answers cek-saldo signed md5(username + key + "depo") and refuses another sign with rc 41', async () => {
    expect((await buyer.deposit()).data).toEqual({ deposit: 5_000_000 });
    expect((await buyer.deposit(md5(`${USERNAME}${KEY}pricelist`))).data).toMatchObject({ rc: '41' });
  });

  it('refuses an unknown username with rc 42, and a body that is no JSON object with rc 40', async () => {
    const stranger = new Buyer(sim.url, 'someone-else', KEY);
    expect((await stranger.deposit()).data).toMatchObject({ rc: '42' });
    expect(JSON.parse((await buyer.raw('/v1/cek-saldo', 'not json')).text).data).toMatchObject({ rc: '40' });
  });

  it('checks the price-list sign md5(username + key + "pricelist")', async () => {
    const { data } = await buyer.call<{ rc: string }>('/v1/price-list', {
      cmd: 'prepaid',
      username: USERNAME,
      sign: md5(`${USERNAME}${KEY}depo`),
    });
    expect(data.rc).toBe('41');
  });

  it('checks the transaction sign md5(username + key + ref_id): signed for another ref_id is rc 41 and buys nothing', async () => {
    const refId = ref();
    const body = {
      ...buyer.transactionBody(refId, 'TSEL10', '081234567000'),
      sign: md5(`${USERNAME}${KEY}other`),
    };
    const { data } = await buyer.call<{ rc: string; status: string }>('/v1/transaction', body);
    expect(data).toMatchObject({ rc: '41', status: 'Gagal' });
    expect(sim.transactions()).toEqual([]);
    expect(sim.deposit).toBe(5_000_000);
  });
});

describe('supplier-sim price list and deposit', () => {
  it('lists prepaid products with the documented fields, whole-rupiah prices and no kios link', async () => {
    const { data } = await buyer.priceList('prepaid');
    const tsel10 = data.find((entry) => entry.buyer_sku_code === 'TSEL10');
    expect(tsel10).toEqual({
      product_name: 'Telkomsel Pulsa 10.000',
      category: 'Pulsa',
      brand: 'TELKOMSEL',
      type: 'Umum',
      seller_name: expect.any(String),
      price: 9990,
      buyer_sku_code: 'TSEL10',
      buyer_product_status: true,
      seller_product_status: true,
      unlimited_stock: true,
      stock: 0,
      multi: true,
      start_cut_off: '00:00',
      end_cut_off: '00:00',
      desc: 'Telkomsel Pulsa 10.000',
    });
    expect(data.every((entry) => Number.isInteger(entry.price) && !('kios_product_id' in entry))).toBe(true);
  });

  it('lists postpaid products with admin and commission instead of a price, and filters by code', async () => {
    const { data } = await buyer.priceList('pasca', { code: 'PLNPOSTPAID' });
    expect(data).toEqual([
      expect.objectContaining({
        buyer_sku_code: 'PLNPOSTPAID',
        category: 'Pascabayar',
        admin: 2500,
        commission: 1000,
      }),
    ]);
    expect(data[0]).not.toHaveProperty('price');
  });

  it('takes a successful purchase’s price from the deposit, and nothing for a failed or a testing one', async () => {
    await buyer.topUp(ref(), 'TSEL10', '081234567000');
    await buyer.topUp(ref(), 'TSEL10', '081234567991');
    await buyer.topUp(ref(), 'TSEL10', '087800001230', { testing: true });
    const { data } = await buyer.deposit();
    expect(data.deposit).toBe(5_000_000 - 9990);
  });

  it('answers rc 83 to price-list calls closer together than its interval, per cmd', async () => {
    const limited = await startSupplierSim({ username: USERNAME, key: KEY, priceListIntervalMs: 60_000 });
    try {
      const limitedBuyer = new Buyer(limited.url);
      expect(Array.isArray((await limitedBuyer.priceList('prepaid')).data)).toBe(true);
      expect((await limitedBuyer.priceList('prepaid')).data).toEqual({
        rc: '83',
        message: 'Limitasi pengecekan pricelist tercapai',
      });
      expect(Array.isArray((await limitedBuyer.priceList('pasca')).data)).toBe(true);
    } finally {
      await limited.close();
    }
  });
});

describe('supplier-sim sandbox numbers (testing: true)', () => {
  it.each([
    ['087800001230', 'Sukses', '00'],
    ['087800001232', 'Gagal', '02'],
  ])('%s answers %s (rc %s) at once', async (customerNo, status, rc) => {
    const { data } = await buyer.topUp(ref(), 'XL10', customerNo, { testing: true });
    expect(data).toMatchObject({ status, rc, customer_no: customerNo, buyer_sku_code: 'XL10', price: 9945 });
    expect(data.sn === '').toBe(status !== 'Sukses');
  });

  it.each([
    ['087800001233', 'Sukses', '00'],
    ['087800001234', 'Gagal', '02'],
  ])(
    '%s is Pending, then %s (rc %s) when asked again with the same ref_id',
    async (customerNo, status, rc) => {
      const refId = ref();
      expect((await buyer.topUp(refId, 'XL10', customerNo, { testing: true })).data).toMatchObject({
        status: 'Pending',
        rc: '03',
        sn: '',
      });
      expect((await buyer.topUp(refId, 'XL10', customerNo, { testing: true })).data.status).toBe('Pending');
      await sleep(PENDING_DELAY_MS + 50);
      expect((await buyer.topUp(refId, 'XL10', customerNo, { testing: true })).data).toMatchObject({
        status,
        rc,
      });
      expect(sim.transactions()).toHaveLength(1);
    },
  );
});

describe("supplier-sim kios's suffix table (any other number)", () => {
  it('…990 fails with rc 54 (invalid destination), …991 with rc 02, anything else succeeds at once with a serial', async () => {
    expect((await buyer.topUp(ref(), 'TSEL10', '081234567990')).data).toMatchObject({
      status: 'Gagal',
      rc: '54',
    });
    expect((await buyer.topUp(ref(), 'TSEL10', '081234567991')).data).toMatchObject({
      status: 'Gagal',
      rc: '02',
    });
    const { data } = await buyer.topUp(ref(), 'TSEL10', '081234567123');
    expect(data).toMatchObject({ status: 'Sukses', rc: '00', message: 'Transaksi Sukses', price: 9990 });
    expect(data.sn).toMatch(/^\d{20}$/);
    expect(data.buyer_last_saldo).toBe(5_000_000 - 9990);
  });

  it('…992 is Pending, then Sukses; …993 is Pending, then Gagal with the price back in the deposit', async () => {
    const [success, failure] = [ref(), ref()];
    expect((await buyer.topUp(success, 'TSEL10', '081234567992')).data.status).toBe('Pending');
    const pending = (await buyer.topUp(failure, 'TSEL10', '081234567993')).data;
    expect(pending).toMatchObject({ status: 'Pending', buyer_last_saldo: 5_000_000 - 2 * 9990 });
    await sleep(PENDING_DELAY_MS + 50);
    expect((await buyer.topUp(success, 'TSEL10', '081234567992')).data).toMatchObject({
      status: 'Sukses',
      rc: '00',
    });
    expect((await buyer.topUp(failure, 'TSEL10', '081234567993')).data).toMatchObject({
      status: 'Gagal',
      rc: '02',
    });
    expect(sim.deposit).toBe(5_000_000 - 9990);
  });

  it('…994 succeeds at once but answers only after the slow-answer delay; a status check meanwhile finds Sukses', async () => {
    const refId = ref();
    const started = Date.now();
    const slow = buyer.topUp(refId, 'TSEL10', '081234567994');
    await sleep(50);
    const check = await buyer.topUp(refId, 'TSEL10', '081234567994');
    expect(Date.now() - started).toBeLessThan(SLOW_ANSWER_MS);
    expect(check.data).toMatchObject({ status: 'Sukses', rc: '00' });
    expect((await slow).data).toMatchObject({ status: 'Sukses', sn: check.data.sn });
    expect(Date.now() - started).toBeGreaterThanOrEqual(SLOW_ANSWER_MS);
  });

  it('puts a PLN prepaid token, 20 digits in groups of four, at the head of sn', async () => {
    const { data } = await buyer.topUp(ref(), 'PLNTOKEN50', '14234567890');
    expect(data.sn).toMatch(/^\d{4}-\d{4}-\d{4}-\d{4}-\d{4}\//);
  });
});

describe('supplier-sim ref_id idempotency', () => {
  it('answers a repeated ref_id with the same transaction: one purchase, one debit, the same serial', async () => {
    const refId = ref();
    const first = await buyer.topUp(refId, 'ISAT10', '081512345678');
    const repeats = await Promise.all([1, 2, 3].map(() => buyer.topUp(refId, 'ISAT10', '081512345678')));
    for (const repeat of repeats) expect(repeat.data).toEqual(first.data);
    expect(sim.transactions()).toHaveLength(1);
    expect(sim.deposit).toBe(5_000_000 - first.data.price);
  });

  it('refuses the same ref_id for another customer_no or sku with rc 49, leaving the first as it was', async () => {
    const refId = ref();
    const first = await buyer.topUp(refId, 'ISAT10', '081512345678');
    expect((await buyer.topUp(refId, 'ISAT10', '081599999999')).data).toMatchObject({
      rc: '49',
      status: 'Gagal',
    });
    expect((await buyer.topUp(refId, 'ISAT20', '081512345678')).data).toMatchObject({ rc: '49' });
    expect(sim.transactions().map((transaction) => transaction.data)).toEqual([first.data]);
    expect(sim.deposit).toBe(5_000_000 - first.data.price);
  });

  it('answers a status check of a ref_id it has no payment for with rc 50 (status-pasca)', async () => {
    const { data } = await buyer.postpaid('status-pasca', ref(), 'PLNPOSTPAID', '532110012345');
    expect(data).toMatchObject({ rc: '50', status: 'Gagal', message: 'Transaksi Tidak Ditemukan' });
  });
});

describe('supplier-sim refusals that buy nothing', () => {
  it('refuses a price above max_price with rc 69, saying so; the ref_id stays free', async () => {
    const refId = ref();
    const { data } = await buyer.topUp(refId, 'TSEL10', '081234567000', { max_price: 9000 });
    expect(data).toMatchObject({ rc: '69', status: 'Gagal', price: 9990 });
    expect(data.message).toContain('9990 > max_price 9000');
    expect(sim.transactions()).toEqual([]);
    expect((await buyer.topUp(refId, 'TSEL10', '081234567000', { max_price: 10_000 })).data.status).toBe(
      'Sukses',
    );
  });

  it('refuses an unknown sku with rc 43, a purchase above the deposit with rc 44, a bad payload with rc 40', async () => {
    expect((await buyer.topUp(ref(), 'NOPE10', '081234567000')).data.rc).toBe('43');
    sim.control({ deposit: 5000 });
    expect((await buyer.topUp(ref(), 'TSEL10', '081234567000')).data).toMatchObject({
      rc: '44',
      price: 9990,
    });
    const { customer_no: _omitted, ...incomplete } = buyer.transactionBody(ref(), 'TSEL10', '081234567000');
    expect((await buyer.call<{ rc: string }>('/v1/transaction', incomplete)).data.rc).toBe('40');
    expect(sim.transactions()).toEqual([]);
  });
});

describe('supplier-sim postpaid (inq-pasca, pay-pasca, status-pasca under one ref_id)', () => {
  it('finds a bill, pays it from the deposit and answers the payment on status-pasca', async () => {
    const refId = ref();
    const inquiry = (await buyer.postpaid('inq-pasca', refId, 'PLNPOSTPAID', '532110012345')).data;
    expect(inquiry).toMatchObject({ rc: '00', status: 'Sukses', customer_name: expect.any(String), sn: '' });
    expect(inquiry.selling_price).toBeGreaterThan(inquiry.price);
    expect(inquiry.desc?.detail.length).toBe(inquiry.desc?.lembar_tagihan);
    expect(sim.deposit).toBe(5_000_000);
    const payment = (await buyer.postpaid('pay-pasca', refId, 'PLNPOSTPAID', '532110012345')).data;
    expect(payment).toMatchObject({ rc: '00', status: 'Sukses', price: inquiry.price });
    expect(payment.sn).toMatch(/^[0-9A-F]{32}$/);
    expect(sim.deposit).toBe(5_000_000 - inquiry.price);
    expect((await buyer.postpaid('status-pasca', refId, 'PLNPOSTPAID', '532110012345')).data).toEqual(
      payment,
    );
    expect((await buyer.postpaid('pay-pasca', refId, 'PLNPOSTPAID', '532110012345')).data).toEqual(payment);
    expect(sim.deposit).toBe(5_000_000 - inquiry.price);
  });

  it('answers rc 60 "sudah terbayar" for a number ending 996 (paid already) and rc 50 to a payment with no inquiry', async () => {
    expect((await buyer.postpaid('inq-pasca', ref(), 'PDAMJAKARTA', '000123456996')).data).toMatchObject({
      rc: '60',
      status: 'Gagal',
      message: 'Tagihan sudah terbayar',
    });
    expect((await buyer.postpaid('pay-pasca', ref(), 'PDAMJAKARTA', '000123456789')).data.rc).toBe('50');
  });
});
