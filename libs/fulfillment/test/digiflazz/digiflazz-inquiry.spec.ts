import { idr } from '@kios/dana-protocol';
import { DigiflazzInquiryUnusable } from '@kios/fulfillment';
import { googlePlayVoucher, mobileLegendsDiamonds, plnPostpaid } from '@kios/testing';
import { harness, xlCredit, type Harness } from './digiflazz.fixture';
import { transactionAnswer } from './recording-server';

const JAKARTA_MIDNIGHT = (day: string) => new Date(`${day}T00:00:00+07:00`);

/** Digiflazz's documented PLN postpaid inquiry answer (developer.digiflazz.com, API buyer "Cek Tagihan"). */
const plnBill = (fields: Record<string, unknown> = {}) =>
  transactionAnswer({
    customer_no: '530000000001',
    customer_name: 'Nama Pelanggan Pertama',
    buyer_sku_code: 'pln',
    admin: 2500,
    message: 'Transaksi Sukses',
    status: 'Sukses',
    rc: '00',
    periode: '201901',
    buyer_last_saldo: 100000,
    price: 10000,
    selling_price: 11000,
    desc: {
      tarif: 'R1',
      daya: 1300,
      lembar_tagihan: 1,
      detail: [{ periode: '201901', nilai_tagihan: '8000', admin: '2500', denda: '500' }],
    },
    ...fields,
  });

describe('DigiflazzSupplier inquiries and account checks', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(() => h.fake.close());

  const inquirePln = () =>
    h.supplier.inquire({ product: plnPostpaid, destination: { primaryParam: '530000000001' } });

  it('a bill: inq-pasca, its amounts in minor units, base + admin + fine = selling_price', async () => {
    h.fake.answer((request) => plnBill({ ref_id: (request.body as { ref_id: string }).ref_id }));
    await expect(inquirePln()).resolves.toEqual({
      status: 'valid',
      customerName: 'Nama Pelanggan Pertama',
      bill: {
        baseAmount: idr(800_000),
        adminFee: idr(250_000),
        fineAmount: idr(50_000),
        periods: [JAKARTA_MIDNIGHT('2019-01-01')],
        dueDate: new Date('2025-01-15T16:59:59.999Z'), // the end of the inquiry's day in Jakarta
      },
    });
    const [sent] = h.fake.bodies();
    expect(sent).toMatchObject({ commands: 'inq-pasca', buyer_sku_code: 'pln', customer_no: '530000000001' });
    expect(sent.ref_id).toMatch(/^KCHK-[0-9A-F]{24}$/); // asked without a reference: one nothing can pay
  });

  it("a bill with two sheets and a due date: fines summed, periods in order, the biller's due date", async () => {
    h.fake.answer(() =>
      plnBill({
        admin: 5000,
        selling_price: 217_000,
        desc: {
          jatuh_tempo: '20-02-2019',
          detail: [
            { periode: '201902', nilai_tagihan: '100000', denda: '3000' },
            { periode: '201901', nilai_tagihan: '100000', denda: '9000' },
          ],
        },
      }),
    );
    await expect(inquirePln()).resolves.toMatchObject({
      bill: {
        baseAmount: idr(20_000_000),
        adminFee: idr(500_000),
        fineAmount: idr(1_200_000),
        periods: [JAKARTA_MIDNIGHT('2019-01-01'), JAKARTA_MIDNIGHT('2019-02-01')],
        dueDate: JAKARTA_MIDNIGHT('2019-02-20'),
      },
    });
  });

  it.each([
    [
      '54',
      'Nomor Tujuan Salah',
      { status: 'invalid_destination', reason: 'Digiflazz rc 54 (Nomor Tujuan Salah)' },
    ],
    ['57', 'Jumlah Digit Kurang Atau Lebih', { status: 'invalid_destination' }],
    ['60', 'Tagihan belum tersedia', { status: 'bill_not_available' }],
    ['02', 'Tagihan sudah terbayar', { status: 'bill_already_paid' }],
  ])('rc %s (%s) → %p', async (rc, message, outcome) => {
    h.fake.answer(() => transactionAnswer({ rc, status: 'Gagal', message }));
    await expect(inquirePln()).resolves.toMatchObject(outcome);
  });

  it.each([
    ['an rc that says nothing of the customer', transactionAnswer({ rc: '44', status: 'Gagal' })],
    ['an unknown rc', transactionAnswer({ rc: '97', status: 'Gagal' })],
    ['a 5xx', { text: 'down', status: 503 }],
    ['garbage', { text: '<html>' }],
    ['a bill that does not add up', plnBill({ selling_price: 100 })],
  ])('%s is thrown (the caller answers that the supplier is unavailable)', async (_what, answer) => {
    h.fake.answer(() => answer);
    await expect(inquirePln()).rejects.toThrow(DigiflazzInquiryUnusable);
  });

  it('a destination that does not fit a bill product is refused locally, unsent', async () => {
    await expect(
      h.supplier.inquire({ product: plnPostpaid, destination: { primaryParam: '5300' } }),
    ).resolves.toMatchObject({ status: 'invalid_destination' });
    expect(h.fake.requests).toHaveLength(0);
  });

  it.each([
    [xlCredit, { primaryParam: '087800001230' }, { status: 'valid' }],
    [xlCredit, { primaryParam: '081234567890' }, { status: 'invalid_destination' }],
    [mobileLegendsDiamonds, { primaryParam: '12345678', secondaryParam: '1234' }, { status: 'valid' }],
    [mobileLegendsDiamonds, { primaryParam: '12345678' }, { status: 'invalid_destination' }],
    [googlePlayVoucher, { primaryParam: 'buyer@example.com' }, { status: 'valid' }],
  ])(
    'prepaid %# is checked locally, as the simulator does, and nothing is sent',
    async (product, destination, outcome) => {
      await expect(h.supplier.inquire({ product, destination })).resolves.toMatchObject(outcome);
      expect(h.fake.requests).toHaveLength(0);
    },
  );

  it.each([
    [xlCredit, { primaryParam: '087800001230' }, { status: 'active' }],
    [xlCredit, { primaryParam: '081234567890' }, { status: 'unknown' }],
    [plnPostpaid, { primaryParam: '530000000001' }, { status: 'active' }],
    [mobileLegendsDiamonds, { primaryParam: '1' }, { status: 'unknown' }],
  ])(
    'checkAccount %# answers from the destination checks, sending nothing',
    async (product, destination, outcome) => {
      await expect(h.supplier.checkAccount({ product, destination })).resolves.toEqual(outcome);
      expect(h.fake.requests).toHaveLength(0);
    },
  );
});
