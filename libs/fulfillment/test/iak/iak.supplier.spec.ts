import { createHash } from 'node:crypto';
import { idr } from '@kios/dana-protocol';
import { IakCallError, IakInquiryUnusable, IakSupplier, type PurchaseRequest } from '@kios/fulfillment';
import { aProduct, plnPostpaid, plnToken } from '@kios/testing';
import { RecordingServer, type FakeAnswer } from '../digiflazz/recording-server';

const USERNAME = '081200001111';
/** Long and unusual, so a leak is found by a plain substring search. */
const KEY = 'iak-KEY-77aa-never-in-a-message';
const REF = 'KIOS-0123456789ABCDEF01234567';
const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

const telco = aProduct();
const CODES: Record<string, string> = {
  [telco.productId]: 'htelkomsel10000',
  [plnToken.productId]: 'pln50000',
};

const buy = (supplierRef = REF, product = telco, primaryParam = '081234567123'): PurchaseRequest => ({
  product,
  destination: { primaryParam },
  supplierRef,
});

/** An answer as IAK shapes a top-up's or check-status's `data`. */
const iak = (fields: Record<string, unknown>, status = 200): FakeAnswer => ({
  status,
  json: {
    data: {
      ref_id: REF,
      product_code: 'htelkomsel10000',
      customer_id: '081234567123',
      price: 10150,
      balance: 997061249,
      tr_id: 3482,
      ...fields,
    },
  },
});

describe('IakSupplier against a recording fake of IAK', () => {
  let fake: RecordingServer;
  let supplier: IakSupplier;

  beforeEach(async () => {
    fake = await RecordingServer.start();
    supplier = new IakSupplier({
      baseUrl: `${fake.url}/api/`,
      username: USERNAME,
      apiKey: KEY,
      timeoutMs: 500,
      productCodeFor: (product) => CODES[product.productId],
    });
  });
  afterEach(async () => {
    supplier.close();
    await fake.close();
  });

  it('sends the documented top-up body, signed md5(username + api_key + ref_id), to <base>/top-up', async () => {
    fake.answer(() => iak({ status: 0, rc: '39', message: 'PROCESS' }));
    await expect(supplier.purchase(buy())).resolves.toEqual({ status: 'pending' });
    expect(fake.requests[0].path).toBe('/api/top-up');
    expect(fake.requests[0].body).toEqual({
      username: USERNAME,
      ref_id: REF,
      customer_id: '081234567123',
      product_code: 'htelkomsel10000',
      sign: md5(`${USERNAME}${KEY}${REF}`),
    });
  });

  it('asks check-status (never a top-up) for a ref it did not send; rc 06 there is not_found', async () => {
    fake.answer(() => iak({ status: 2, rc: '06', message: 'TRANSACTION NOT FOUND' }));
    await expect(supplier.checkStatus(buy())).resolves.toEqual({ status: 'not_found' });
    expect(fake.requests.map((request) => request.path)).toEqual(['/api/check-status']);
    expect(fake.requests[0].body).toEqual({
      username: USERNAME,
      ref_id: REF,
      sign: md5(`${USERNAME}${KEY}${REF}`),
    });
  });

  it('a success carries its sn; a PLN token its 20-digit token', async () => {
    fake.answer(() =>
      iak({ status: 1, rc: '00', message: 'SUCCESS', sn: '1234-5678-9012-3456-7890/BUDI/R1/1300/32.5' }),
    );
    await expect(supplier.purchase(buy(REF, plnToken, '14234567123'))).resolves.toEqual({
      status: 'succeeded',
      serialNumber: '1234-5678-9012-3456-7890/BUDI/R1/1300/32.5',
      token: '12345678901234567890',
      cost: idr(1_015_000n), // the answer's price, 10150 rupiah
    });
  });

  it.each([
    ['a price with sen', 10150.5, { cost: idr(1_015_050n) }],
    ['a price as text, as in callbacks', '10150', { cost: idr(1_015_000n) }],
    ['no price', undefined, {}],
    ['a price with three decimals (never rounded)', 10150.125, {}],
    ['a negative price', -1, {}],
  ])('a success with %s: the cost it states, or none, the success standing', async (_what, price, cost) => {
    fake.answer(() => iak({ status: 1, rc: '00', message: 'SUCCESS', sn: 'SN-9', price }));
    await expect(supplier.purchase(buy(REF))).resolves.toEqual({
      status: 'succeeded',
      serialNumber: 'SN-9',
      ...cost,
    });
  });

  it.each([
    ['HTTP 200, status 2, rc 07', iak({ status: 2, rc: '07', message: 'FAILED' }), 'IAK rc 07 (FAILED)'],
    [
      'HTTP 400, rc 14',
      iak({ status: 2, rc: '14', message: 'INCORRECT DESTINATION NUMBER' }, 400),
      'IAK rc 14',
    ],
    [
      'HTTP 400, rc 204 to a first call',
      iak({ rc: '204', message: 'WRONG AUTHENTICATION' }, 400),
      'IAK rc 204',
    ],
  ])('%s is failed', async (_name, answer, reason) => {
    fake.answer(() => answer);
    const outcome = await supplier.purchase(buy());
    expect(outcome).toEqual({ status: 'failed', reason: expect.stringContaining(reason) });
  });

  it.each([
    ['HTTP 400 with a pending rc', iak({ status: 0, rc: '39' }, 400)],
    ['HTTP 400 with no rc', { status: 400, json: { data: { error_details: 'ref_id is required' } } }],
    ['HTTP 401 with an rc', iak({ status: 2, rc: '07' }, 401)],
    ['HTTP 404 with an rc', iak({ status: 2, rc: '07' }, 404)],
    ['HTTP 500', iak({ status: 2, rc: '07' }, 500)],
    ['HTTP 200 that is not JSON', { text: '<html>', status: 200 }],
    ['an rc kios does not map', iak({ status: 2, rc: '999' })],
    ['an rc and a status that disagree', iak({ status: 1, rc: '07' })],
    ['a status kios does not know', iak({ status: 7, rc: '00' })],
    ['an answer about another ref_id', iak({ status: 1, rc: '00', ref_id: 'KIOS-OTHER' })],
    ['rc 06 to a top-up', iak({ status: 2, rc: '06' })],
    ['no answer within the timeout', { hang: true } as const],
  ])('%s is in doubt, never failed, and not taken for nothing sent', async (_name, answer) => {
    fake.answer(() => answer);
    const outcome = await supplier.purchase(buy());
    expect(outcome).toEqual({ status: 'in_doubt', reason: expect.stringMatching(/\S/) });
  });

  it('a refusal of the request answered to a check-status says nothing of the transaction: in doubt', async () => {
    fake.answer(() => iak({ status: 0, rc: '39' }));
    await supplier.purchase(buy());
    fake.answer(() => iak({ rc: '102', message: 'INVALID IP ADDRESS' }, 400));
    await expect(supplier.checkStatus(buy())).resolves.toMatchObject({ status: 'in_doubt' });
    fake.answer(() => iak({ status: 2, rc: '07', message: 'FAILED' }));
    await expect(supplier.checkStatus(buy())).resolves.toMatchObject({ status: 'failed' });
  });

  it('a connection refused is in doubt, marked as nothing sent (a routed order may go elsewhere)', async () => {
    const closed = new IakSupplier({
      baseUrl: 'http://127.0.0.1:1/api/',
      username: USERNAME,
      apiKey: KEY,
      productCodeFor: () => 'x',
    });
    await expect(closed.purchase(buy())).resolves.toEqual({
      status: 'in_doubt',
      reason: 'could not reach IAK: ECONNREFUSED',
      nothingSent: true,
    });
    closed.close();
  });

  it('puts the API key in no outcome reason', async () => {
    for (const answer of [iak({ status: 2, rc: '07' }), iak({ rc: '999' }), iak({}, 503)]) {
      fake.answer(() => answer);
      const outcome = await supplier.purchase(buy(`KIOS-${Math.random().toString(16).slice(2, 12)}`));
      expect(JSON.stringify(outcome)).not.toContain(KEY);
    }
  });

  it('a product with no IAK offer is failed at purchase, not sent; not_found to a status check', async () => {
    const unsold = aProduct({ productId: 'NOT-AT-IAK' });
    await expect(supplier.purchase(buy(REF, unsold))).resolves.toEqual({
      status: 'failed',
      reason: 'not sent: no IAK product_code for product NOT-AT-IAK',
    });
    await expect(supplier.checkStatus(buy(REF, unsold))).resolves.toEqual({ status: 'not_found' });
    expect(fake.requests).toHaveLength(0);
  });

  it('pays no bills: an inquiry throws (supplier unavailable), a purchase fails not sent', async () => {
    await expect(
      supplier.inquire({ product: plnPostpaid, destination: { primaryParam: '512345678901' } }),
    ).rejects.toThrow(IakInquiryUnusable);
    await expect(supplier.purchase(buy(REF, plnPostpaid, '512345678901'))).resolves.toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('not sent: kios pays no bills through IAK'),
    });
    expect(fake.requests).toHaveLength(0);
  });

  it('a balance IAK refuses throws with its rc and message, never the key', async () => {
    fake.answer(() => ({ status: 400, json: { data: { rc: '204', message: 'WRONG AUTHENTICATION' } } }));
    const error = await supplier.balance().catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(IakCallError);
    expect(error).toMatchObject({
      rc: '204',
      message: 'balance: IAK answered rc 204 (WRONG AUTHENTICATION)',
    });
    expect(String(error)).not.toContain(KEY);
  });

  it('reads the balance (sign "bl") in minor units', async () => {
    fake.answer(() => ({ json: { data: { balance: 997136249, message: 'SUCCESS', rc: '00' } } }));
    await expect(supplier.balance()).resolves.toEqual(idr(99_713_624_900n));
    expect(fake.requests[0].path).toBe('/api/check-balance');
    expect(fake.requests[0].body).toEqual({ username: USERNAME, sign: md5(`${USERNAME}${KEY}bl`) });
  });

  it('reads the price list (sign "pl") with prices in minor units and the status', async () => {
    fake.answer(() => ({
      json: {
        data: [
          { product_code: 'htelkomsel10000', product_price: 10150, status: 'active' },
          { product_code: 'pln50000', product_price: '50500.50', status: 'non active' },
        ],
      },
    }));
    const list = await supplier.priceList();
    expect(list.map(({ raw: _raw, ...entry }) => entry)).toEqual([
      { productCode: 'htelkomsel10000', price: idr(1_015_000n), active: true },
      { productCode: 'pln50000', price: idr(5_050_050n), active: false },
    ]);
    expect(fake.requests[0].body).toEqual({
      username: USERNAME,
      sign: md5(`${USERNAME}${KEY}pl`),
      status: 'all',
    });
  });
});
