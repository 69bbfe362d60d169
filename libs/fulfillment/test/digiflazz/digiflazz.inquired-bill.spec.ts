import {
  DigiflazzSupplier,
  DigiflazzInquiryUnusable,
  inquiryReferenceFor,
  UnfitDigiflazzRef,
} from '@kios/fulfillment';
import type { PurchaseRequest } from '@kios/fulfillment';
import { plnPostpaid } from '@kios/testing';
import { harness, KEY, md5, skuFor, USERNAME, type Harness } from './digiflazz.fixture';
import { TRANSACTION_ANSWER_COST as COST, transactionAnswer, type RecordedRequest } from './recording-server';

/**
 * A bill inquired at Destination Inquiry under the reference kios derives from its inquiryId, and
 * paid under that same ref_id (docs/digiflazz.md §5): `pay-pasca` pays only a ref_id `inq-pasca` was
 * sent under, so the order that uses the inquiry pays without inquiring again.
 */
const INQUIRY_REF = inquiryReferenceFor('INQ-0F1E2D3C4B5A69788796A5B4C3D2E1F0');
const CUSTOMER = '530000000001';
const destination = { primaryParam: CUSTOMER };

const commandOf = (request: RecordedRequest) => (request.body as { commands: string }).commands;

/** Digiflazz's PLN postpaid inquiry answer for INQUIRY_REF: Rp 8.000 + Rp 2.500 admin + Rp 500 fine. */
const billFound = (refId = INQUIRY_REF) =>
  transactionAnswer({
    ref_id: refId,
    customer_no: CUSTOMER,
    customer_name: 'Nama Pelanggan Pertama',
    buyer_sku_code: 'pln',
    rc: '00',
    status: 'Sukses',
    message: 'Transaksi Sukses',
    admin: 2500,
    selling_price: 11000,
    periode: '201901',
    desc: { detail: [{ periode: '201901', nilai_tagihan: '8000', denda: '500' }] },
  });

const payInquired = (): PurchaseRequest => ({
  product: plnPostpaid,
  destination,
  supplierRef: INQUIRY_REF,
  billInquiredUnderRef: true,
});

describe('DigiflazzSupplier: a bill paid under the ref_id it was inquired under', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(() => h.fake.close());

  const commands = () => h.fake.requests.map(commandOf);

  it('inq-pasca goes under the reference given, signed md5(username + key + ref_id), and the bill names it', async () => {
    h.fake.answer(() => billFound());
    const outcome = await h.supplier.inquire({ product: plnPostpaid, destination, supplierRef: INQUIRY_REF });
    expect(outcome).toMatchObject({ status: 'valid', supplierRef: INQUIRY_REF });
    expect(h.fake.bodies()).toEqual([
      expect.objectContaining({
        commands: 'inq-pasca',
        ref_id: INQUIRY_REF,
        customer_no: CUSTOMER,
        buyer_sku_code: 'pln',
        sign: md5(USERNAME + KEY + INQUIRY_REF),
      }),
    ]);
  });

  it('an inquiry that finds no bill to pay names no reference', async () => {
    h.fake.answer(() =>
      transactionAnswer({ ref_id: INQUIRY_REF, rc: '54', status: 'Gagal', message: 'Nomor Tujuan Salah' }),
    );
    const outcome = await h.supplier.inquire({ product: plnPostpaid, destination, supplierRef: INQUIRY_REF });
    expect(outcome.status).toBe('invalid_destination');
    expect(outcome).not.toHaveProperty('supplierRef');
  });

  it('an inquiry answered about another ref_id is unusable: its bill is not the one under the reference', async () => {
    h.fake.answer(() => billFound('KINQ-000000000000000000000000'));
    await expect(
      h.supplier.inquire({ product: plnPostpaid, destination, supplierRef: INQUIRY_REF }),
    ).rejects.toThrow(DigiflazzInquiryUnusable);
  });

  it("a reference that does not fit Digiflazz's ref_id is refused before anything is sent", async () => {
    await expect(
      h.supplier.inquire({ product: plnPostpaid, destination, supplierRef: 'KINQ/has a space' }),
    ).rejects.toThrow(UnfitDigiflazzRef);
    expect(h.fake.requests).toHaveLength(0);
  });

  it('the purchase of the inquired bill is pay-pasca alone, under the inquiry ref_id', async () => {
    h.fake.answer(() =>
      transactionAnswer({ ref_id: INQUIRY_REF, rc: '00', status: 'Sukses', sn: 'PLNPAID-0001' }),
    );
    await expect(h.supplier.purchase(payInquired())).resolves.toEqual({
      status: 'succeeded',
      serialNumber: 'PLNPAID-0001',
      cost: COST,
    });
    expect(h.fake.bodies()).toEqual([
      expect.objectContaining({
        commands: 'pay-pasca',
        ref_id: INQUIRY_REF,
        sign: md5(USERNAME + KEY + INQUIRY_REF),
      }),
    ]);
  });

  it('the same bill not marked as inquired is inquired under the ref first (an order from before inquiry references)', async () => {
    h.fake.answer((request) =>
      commandOf(request) === 'inq-pasca'
        ? billFound()
        : transactionAnswer({ ref_id: INQUIRY_REF, rc: '00', status: 'Sukses', sn: 'PLNPAID-0002' }),
    );
    await h.supplier.purchase({ ...payInquired(), billInquiredUnderRef: undefined });
    expect(commands()).toEqual(['inq-pasca', 'pay-pasca']);
  });

  it('a payment of an inquiry Digiflazz no longer holds (rc 50) fails, with no inquiry sent in its place', async () => {
    h.fake.answer(() =>
      transactionAnswer({
        ref_id: INQUIRY_REF,
        rc: '50',
        status: 'Gagal',
        message: 'Transaksi Tidak Ditemukan',
      }),
    );
    await expect(h.supplier.purchase(payInquired())).resolves.toMatchObject({ status: 'failed' });
    expect(commands()).toEqual(['pay-pasca']);
  });

  it('a payment in doubt is looked up with status-pasca and paid again only when Digiflazz holds none, never inquired again', async () => {
    h.fake.answer(() => ({ hang: true }));
    await expect(h.supplier.purchase(payInquired())).resolves.toMatchObject({ status: 'in_doubt' });
    h.fake.answer((request) =>
      commandOf(request) === 'status-pasca'
        ? transactionAnswer({ ref_id: INQUIRY_REF, rc: '50', status: 'Gagal' })
        : transactionAnswer({ ref_id: INQUIRY_REF, rc: '00', status: 'Sukses', sn: 'PLNPAID-0003' }),
    );
    await expect(h.supplier.checkStatus(payInquired())).resolves.toEqual({ status: 'not_found' });
    await expect(h.supplier.purchase(payInquired())).resolves.toEqual({
      status: 'succeeded',
      serialNumber: 'PLNPAID-0003',
      cost: COST,
    });
    expect(commands()).toEqual(['pay-pasca', 'status-pasca', 'status-pasca', 'pay-pasca']);
    expect(new Set(h.fake.bodies().map((body) => body.ref_id))).toEqual(new Set([INQUIRY_REF]));
  });

  it('after a restart (an adapter that sent nothing) a status check asks status-pasca and the purchase pays at once', async () => {
    const restarted = new DigiflazzSupplier({
      baseUrl: h.fake.url,
      username: USERNAME,
      key: KEY,
      timeoutMs: 1000,
      skuFor,
      statusCheckMinIntervalMs: 0,
    });
    h.fake.answer((request) =>
      commandOf(request) === 'status-pasca'
        ? transactionAnswer({ ref_id: INQUIRY_REF, rc: '50', status: 'Gagal' })
        : transactionAnswer({ ref_id: INQUIRY_REF, rc: '03', status: 'Pending' }),
    );
    await expect(restarted.checkStatus(payInquired())).resolves.toEqual({ status: 'not_found' });
    await expect(restarted.purchase(payInquired())).resolves.toEqual({ status: 'pending' });
    expect(commands()).toEqual(['status-pasca', 'pay-pasca']);
  });
});
