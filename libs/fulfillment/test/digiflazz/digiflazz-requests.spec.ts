import { idr } from '@kios/dana-protocol';
import { plnPostpaid } from '@kios/testing';
import { harness, KEY, md5, REF, USERNAME, xlCredit, type Harness } from './digiflazz.fixture';
import { transactionAnswer } from './recording-server';

/**
 * The request bodies the adapter sends, pinned field by field against Digiflazz's buyer API pages
 * (https://developer.digiflazz.com/api/buyer/), each sign computed here from the documented formula.
 */
describe('Digiflazz requests, as received by a local server', () => {
  let h: Harness;
  afterEach(() => h.fake.close());

  it('a topup: POST /v1/transaction, sign = md5(username + key + ref_id), testing, max_price in whole rupiah, cb_url', async () => {
    h = await harness({ maxPriceFor: () => idr(1_025_000), callbackUrl: 'https://kios.example/digiflazz' });
    h.fake.answer(() => transactionAnswer({ ref_id: REF, rc: '03', status: 'Pending' }));
    await h.supplier.purchase({
      product: xlCredit,
      destination: { primaryParam: '087800001230' },
      supplierRef: REF,
    });

    expect(h.fake.requests.map((request) => request.path)).toEqual(['/v1/transaction']);
    expect(h.fake.requests[0].headers['content-type']).toBe('application/json');
    expect(h.fake.bodies()[0]).toEqual({
      username: USERNAME,
      buyer_sku_code: 'xld10',
      customer_no: '087800001230',
      ref_id: REF,
      sign: md5(USERNAME + KEY + REF),
      testing: true,
      max_price: 10_250,
      cb_url: 'https://kios.example/digiflazz',
    });
  });

  it('without testing, max_price or cb_url: none of the three is sent', async () => {
    h = await harness({ testing: false });
    h.fake.answer(() => transactionAnswer({ ref_id: REF, rc: '03', status: 'Pending' }));
    await h.supplier.purchase({
      product: xlCredit,
      destination: { primaryParam: '087800001230' },
      supplierRef: REF,
    });
    expect(Object.keys(h.fake.bodies()[0]).sort()).toEqual(
      ['buyer_sku_code', 'customer_no', 'ref_id', 'sign', 'username'].sort(),
    );
  });

  it('the status check of a topup is the same body again, under the same ref_id, max_price included', async () => {
    h = await harness({ maxPriceFor: () => idr(1_025_000) });
    h.fake.answer(() => transactionAnswer({ ref_id: REF, rc: '03', status: 'Pending' }));
    const topup = { product: xlCredit, destination: { primaryParam: '087800001230' }, supplierRef: REF };
    await h.supplier.purchase(topup);
    await h.supplier.checkStatus(topup);
    const [purchase, status] = h.fake.bodies();
    expect(purchase.max_price).toBe(10_250);
    expect(status).toEqual(purchase);
  });

  it("a bill: inq-pasca then pay-pasca under the purchase's ref_id, then status-pasca, each signed over the ref_id", async () => {
    h = await harness();
    h.fake.answer((request) => {
      const body = request.body as { commands: string };
      if (body.commands === 'inq-pasca')
        return transactionAnswer({ ref_id: REF, rc: '00', status: 'Sukses' });
      return transactionAnswer({ ref_id: REF, rc: '03', status: 'Pending' });
    });
    const bill = { product: plnPostpaid, destination: { primaryParam: '530000000001' }, supplierRef: REF };
    await h.supplier.purchase(bill);
    await h.supplier.checkStatus(bill);
    const fields = {
      username: USERNAME,
      buyer_sku_code: 'pln',
      customer_no: '530000000001',
      ref_id: REF,
      sign: md5(USERNAME + KEY + REF),
      testing: true,
    };
    expect(h.fake.bodies()).toEqual([
      { commands: 'inq-pasca', ...fields },
      { commands: 'pay-pasca', ...fields },
      { commands: 'status-pasca', ...fields },
    ]);
  });

  it('the balance: POST /v1/cek-saldo {cmd: deposit}, sign = md5(username + key + "depo")', async () => {
    h = await harness();
    h.fake.answer(() => ({ json: { data: { deposit: 500_000 } } }));
    await expect(h.supplier.balance()).resolves.toEqual(idr(50_000_000n));
    expect(h.fake.requests[0].path).toBe('/v1/cek-saldo');
    expect(h.fake.bodies()[0]).toEqual({
      cmd: 'deposit',
      username: USERNAME,
      sign: md5(USERNAME + KEY + 'depo'),
    });
  });

  it.each([['prepaid'], ['pasca']] as const)(
    'the %s price list: POST /v1/price-list, sign = md5(username + key + "pricelist")',
    async (cmd) => {
      h = await harness();
      h.fake.answer(() => ({ json: { data: [] } }));
      await h.supplier.priceList(cmd);
      expect(h.fake.requests[0].path).toBe('/v1/price-list');
      expect(h.fake.bodies()[0]).toEqual({
        cmd,
        username: USERNAME,
        sign: md5(USERNAME + KEY + 'pricelist'),
      });
    },
  );

  it('never sends the key itself', async () => {
    h = await harness();
    h.fake.answer(() => transactionAnswer({ ref_id: REF, rc: '00', status: 'Sukses', sn: '1' }));
    await h.supplier.purchase({
      product: xlCredit,
      destination: { primaryParam: '087800001230' },
      supplierRef: REF,
    });
    h.fake.answer(() => ({ json: { data: { deposit: 1 } } }));
    await h.supplier.balance();
    for (const request of h.fake.requests) expect(request.rawBody).not.toContain(KEY);
  });
});
