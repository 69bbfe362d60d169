import { createHash } from 'node:crypto';
import { iakBalanceSign, iakPriceListSign, iakTransactionSign, verifyIakSign } from '@kios/fulfillment';

/** md5 in lower-case hex, straight from node:crypto: the documented formulas, not the adapter's code. */
const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

const USERNAME = '081234567890';
const KEY = 'iak-KEY-3b1f-never-in-a-message';

describe("IAK's signs", () => {
  it('a transaction and a callback: md5(username + api_key + ref_id)', () => {
    expect(iakTransactionSign(USERNAME, KEY, 'order001')).toBe(md5(`${USERNAME}${KEY}order001`));
  });

  it('the price list: md5(username + api_key + "pl"); the balance: "bl"', () => {
    expect(iakPriceListSign(USERNAME, KEY)).toBe(md5(`${USERNAME}${KEY}pl`));
    expect(iakBalanceSign(USERNAME, KEY)).toBe(md5(`${USERNAME}${KEY}bl`));
  });

  describe("verifying a callback's sign", () => {
    const sign = md5(`${USERNAME}${KEY}KIOS-1`);

    it('accepts the sign of this ref_id, in either case', () => {
      expect(verifyIakSign(sign, USERNAME, KEY, 'KIOS-1')).toBe(true);
      expect(verifyIakSign(sign.toUpperCase(), USERNAME, KEY, 'KIOS-1')).toBe(true);
    });

    it.each([
      ['another ref_id', sign, USERNAME, KEY, 'KIOS-2'],
      ['another key', sign, USERNAME, `${KEY}x`, 'KIOS-1'],
      ['another username', sign, '0800', KEY, 'KIOS-1'],
      ['no sign', undefined, USERNAME, KEY, 'KIOS-1'],
      ['a sign that is not md5 hex', `${sign.slice(0, 31)}z`, USERNAME, KEY, 'KIOS-1'],
      ['a short sign', sign.slice(0, 30), USERNAME, KEY, 'KIOS-1'],
      ['an empty key', md5(`${USERNAME}KIOS-1`), USERNAME, '', 'KIOS-1'],
    ])('refuses %s', (_why, given, username, key, refId) => {
      expect(verifyIakSign(given, username, key, refId)).toBe(false);
    });
  });
});
