import { createHash } from 'node:crypto';
import { idr } from '@kios/dana-protocol';
import { IakAccount, parseIakCallback, type IakPriceListEntry } from '@kios/fulfillment';
import { plnToken } from '@kios/testing';

describe("IAK's account for the supplier sync", () => {
  const entry = (productCode: string, active: boolean, price?: bigint): IakPriceListEntry => ({
    productCode,
    ...(price === undefined ? {} : { price: idr(price) }),
    active,
    raw: { product_code: productCode, status: active ? 'active' : 'non active' },
  });

  it('gives the price list as quotes under the supplier name "iak": an entry not active is closed', async () => {
    const account = new IakAccount({
      priceList: async () => [
        entry('htelkomsel10000', true, 1_015_000n),
        entry('pln50000', false, 5_050_000n),
      ],
      balance: async () => idr(100n),
    });
    expect(account.supplier).toBe('iak');
    await expect(account.readPriceList()).resolves.toEqual({
      status: 'read',
      priceList: {
        supplier: 'iak',
        quotes: [
          { sku: 'htelkomsel10000', price: idr(1_015_000n) },
          { sku: 'pln50000', price: idr(5_050_000n), closed: 'status is "non active", not "active"' },
        ],
      },
    });
    await expect(account.balance()).resolves.toEqual(idr(100n));
  });

  it('passes an unreadable list on as an error, never as an empty list', async () => {
    const account = new IakAccount({
      priceList: async () => Promise.reject(new Error('IAK answered HTTP 503')),
      balance: async () => idr(0n),
    });
    await expect(account.readPriceList()).rejects.toThrow('IAK answered HTTP 503');
  });
});

describe("parsing IAK's callback", () => {
  const account = { username: '0812', apiKey: 'k-for-parse' };
  const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');
  const raw = (data: Record<string, unknown>) => Buffer.from(JSON.stringify({ data }));

  it('a signed success for a PLN token carries the token, read as news about a sent transaction', () => {
    const parsed = parseIakCallback(
      raw({
        ref_id: 'KIOS-1',
        status: '1',
        rc: '00',
        message: 'SUCCESS',
        sn: '1234-5678-9012-3456-7890/BUDI/R1/1300/32.5',
        sign: md5('0812k-for-parseKIOS-1'),
      }),
      account,
      plnToken,
    );
    expect(parsed).toMatchObject({
      ok: true,
      callback: {
        refId: 'KIOS-1',
        rc: '00',
        outcome: { status: 'succeeded', token: '12345678901234567890' },
      },
    });
  });

  it('a refusal of the request in a callback is in doubt (news about a transaction sent before)', () => {
    const parsed = parseIakCallback(
      raw({
        ref_id: 'KIOS-1',
        status: '2',
        rc: '102',
        message: 'INVALID IP ADDRESS',
        sign: md5('0812k-for-parseKIOS-1'),
      }),
      account,
    );
    expect(parsed).toMatchObject({ ok: true, callback: { outcome: { status: 'in_doubt' } } });
  });

  it('tells a bad sign (unauthorized) from a signed body without an rc (malformed)', () => {
    expect(parseIakCallback(raw({ ref_id: 'KIOS-1', rc: '00', sign: md5('x') }), account)).toMatchObject({
      ok: false,
      unauthorized: true,
    });
    expect(
      parseIakCallback(raw({ ref_id: 'KIOS-1', sign: md5('0812k-for-parseKIOS-1') }), account),
    ).toMatchObject({
      ok: false,
      unauthorized: false,
    });
  });
});
