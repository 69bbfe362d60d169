import { idr } from '@kios/dana-protocol';
import { DigiflazzAccount, type DigiflazzAccountCalls } from '../../src/digiflazz/digiflazz-account';
import { DigiflazzCallError } from '../../src/digiflazz/digiflazz-client';
import type {
  DigiflazzPriceListCmd,
  DigiflazzPriceListEntry,
  DigiflazzPriceListSnapshot,
} from '../../src/digiflazz/digiflazz-price-list';

const entry = (
  sku: string,
  rupiah: number | undefined,
  buyer = true,
  seller = true,
): DigiflazzPriceListEntry => ({
  sku,
  name: sku,
  ...(rupiah === undefined ? {} : { price: idr(BigInt(rupiah) * 100n) }),
  available: buyer && seller,
  raw: { buyer_sku_code: sku, price: rupiah, buyer_product_status: buyer, seller_product_status: seller },
});

const snapshot = (
  cmd: DigiflazzPriceListCmd,
  entries: DigiflazzPriceListEntry[],
  staleBecause?: { reason: string; rc?: string },
): DigiflazzPriceListSnapshot => ({
  cmd,
  entries,
  fetchedAt: new Date('2025-01-15T03:00:00.000Z'),
  stale: staleBecause !== undefined,
  ...(staleBecause ? { staleBecause } : {}),
});

function accountAnswering(
  answers: Partial<Record<DigiflazzPriceListCmd, () => DigiflazzPriceListSnapshot>>,
): DigiflazzAccount {
  const calls: DigiflazzAccountCalls = {
    priceList: async (cmd) => (answers[cmd] ?? (() => snapshot(cmd, [])))(),
    balance: async () => idr(500_000_000n),
  };
  return new DigiflazzAccount(calls);
}

describe('the Digiflazz account: price lists as quotes', () => {
  it('reads both lists as one, prices in minor units, each closed entry saying which status is off', async () => {
    const account = accountAnswering({
      prepaid: () =>
        snapshot('prepaid', [
          entry('TSEL10', 9_990),
          entry('TSEL20', 19_740, true, false),
          entry('XL5', 5_900, false, false),
        ]),
      pasca: () => snapshot('pasca', [entry('PLNPOSTPAID', undefined, false, true)]),
    });

    await expect(account.readPriceList()).resolves.toEqual({
      status: 'read',
      priceList: {
        supplier: 'digiflazz',
        quotes: [
          { sku: 'TSEL10', price: idr(999_000n) },
          { sku: 'TSEL20', price: idr(1_974_000n), closed: 'seller_product_status is false' },
          {
            sku: 'XL5',
            price: idr(590_000n),
            closed: 'buyer_product_status and seller_product_status are false',
          },
          { sku: 'PLNPOSTPAID', closed: 'buyer_product_status is false' },
        ],
      },
    });
  });

  it('is rate_limited when Digiflazz answers rc 83 with nothing cached', async () => {
    const account = accountAnswering({
      pasca: () => {
        throw new DigiflazzCallError('pasca price list: Digiflazz answered rc 83 (Limitasi)', '83');
      },
    });

    await expect(account.readPriceList()).resolves.toEqual({
      status: 'rate_limited',
      reason: 'pasca price list: Digiflazz answered rc 83 (Limitasi)',
    });
  });

  it('is rate_limited, not read, when the cache serves the last list because of rc 83', async () => {
    const account = accountAnswering({
      prepaid: () =>
        snapshot('prepaid', [entry('TSEL10', 9_990)], { reason: 'rate-limited (rc 83)', rc: '83' }),
    });

    await expect(account.readPriceList()).resolves.toEqual({
      status: 'rate_limited',
      reason: 'rate-limited (rc 83)',
    });
  });

  it('throws when the list could not be read for another reason, stale or not', async () => {
    const stale = accountAnswering({
      prepaid: () => snapshot('prepaid', [entry('TSEL10', 9_990)], { reason: 'HTTP 503' }),
    });
    const failed = accountAnswering({
      prepaid: () => {
        throw new DigiflazzCallError('prepaid price list: HTTP 503');
      },
    });

    await expect(stale.readPriceList()).rejects.toThrow('HTTP 503');
    await expect(failed.readPriceList()).rejects.toThrow('HTTP 503');
  });

  it('reads the deposit through the adapter', async () => {
    await expect(accountAnswering({}).balance()).resolves.toEqual(idr(500_000_000n));
  });
});
