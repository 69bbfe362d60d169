import { idr } from '@kios/dana-protocol';
import { parseCatalog } from '../src/catalog-file';
import { entry, problemsOf } from './catalog-file.fixture';

describe('catalog file: offers', () => {
  const offer = (overrides: Record<string, unknown> = {}) => ({
    supplier: 'digiflazz',
    sku: 'TSEL10',
    maxCost: { value: '1000000', currency: 'IDR' },
    ...overrides,
  });

  it('reads the offers of a product, in order, with maxCost in minor units', () => {
    const [product] = parseCatalog([
      entry({
        offers: [
          offer(),
          offer({
            supplier: 'other-supplier',
            sku: 'tsel_10-k',
            maxCost: { value: '1010000', currency: 'IDR' },
          }),
        ],
      }),
    ]);
    expect(product.offers).toEqual([
      { supplier: 'digiflazz', sku: 'TSEL10', maxCost: idr(1_000_000n) },
      { supplier: 'other-supplier', sku: 'tsel_10-k', maxCost: idr(1_010_000n) },
    ]);
  });

  it("reads an offer's routing priority, and none where the catalog gives none", () => {
    const [product] = parseCatalog([
      entry({ offers: [offer({ priority: 2 }), offer({ supplier: 'iak', sku: 'HTELKOMSEL10000' })] }),
    ]);
    expect(product.offers.map((read) => read.priority)).toEqual([2, undefined]);
    expect('priority' in product.offers[1]).toBe(false);
  });

  it.each([0, -1, 1.5, '1', 1001])('refuses a priority of %p', (priority) => {
    expect(problemsOf([entry({ offers: [offer({ priority })] })])).toEqual([
      'product #1 (TSEL-10K): offers[0].priority must be a whole number from 1 to 1000',
    ]);
  });

  it('reads a product without offers as having none', () => {
    expect(parseCatalog([entry({ offers: [] })])[0].offers).toEqual([]);
    expect(parseCatalog([entry()])[0].offers).toEqual([]);
  });

  it('accepts a maxCost equal to the price, and an offer of a bill-priced product without maxCost', () => {
    expect(
      parseCatalog([entry({ offers: [offer({ maxCost: { value: '1025000', currency: 'IDR' } })] })]),
    ).toHaveLength(1);
    const [bill] = parseCatalog([
      entry({
        pricing: 'bill',
        price: { value: '250000', currency: 'IDR' },
        offers: [{ supplier: 'digiflazz', sku: 'PLNPOSTPAID' }],
      }),
    ]);
    expect(bill.offers).toEqual([{ supplier: 'digiflazz', sku: 'PLNPOSTPAID' }]);
  });

  it.each([
    [{ offers: 'digiflazz' }, 'offers must be an array of { supplier, sku, maxCost }'],
    [{ offers: ['TSEL10'] }, 'offers[0] must be an object { supplier, sku, maxCost }'],
    [{ offers: [offer({ supplier: undefined })] }, 'offers[0].supplier is required'],
    [
      { offers: [offer({ supplier: '' })] },
      'offers[0].supplier must be a string of 1-32 characters without surrounding spaces',
    ],
    [
      { offers: [offer({ supplier: 'Digiflazz' })] },
      "offers[0].supplier must start with a lowercase letter and use only a-z, 0-9 and '-'",
    ],
    [{ offers: [offer({ sku: undefined })] }, 'offers[0].sku is required'],
    [
      { offers: [offer({ sku: 'S'.repeat(65) })] },
      'offers[0].sku must be a string of 1-64 characters without surrounding spaces',
    ],
    [{ offers: [offer({ sku: 'TSEL 10' })] }, "offers[0].sku must use only letters, digits, '_' and '-'"],
    [{ offers: [offer({ sku: 'TSEL.10' })] }, "offers[0].sku must use only letters, digits, '_' and '-'"],
    [{ offers: [offer({ maxCost: undefined })] }, 'offers[0].maxCost is required for a fixed-price product'],
    [{ offers: [offer({ maxCost: '10000' })] }, 'offers[0].maxCost must be an object { value, currency }'],
    [
      { offers: [offer({ maxCost: { value: 1000000, currency: 'IDR' } })] },
      'offers[0].maxCost.value must be 1-19 digits (minor units)',
    ],
    [
      { offers: [offer({ maxCost: { value: '1000000', currency: 'USD' } })] },
      'offers[0].maxCost.currency must be IDR',
    ],
    [
      { offers: [offer({ maxCost: { value: '0', currency: 'IDR' } })] },
      'offers[0].maxCost.value must be above 0',
    ],
    [
      { offers: [offer({ maxCost: { value: '1000050', currency: 'IDR' } })] },
      'offers[0].maxCost.value must be whole rupiah (a multiple of 100 minor units)',
    ],
    [
      { offers: [offer({ maxCost: { value: '1025100', currency: 'IDR' } })] },
      'offers[0].maxCost Rp 10.251 is above the price Rp 10.250: kios would sell at a loss',
    ],
    [{ offers: [offer({ price: 6090 })] }, 'offers[0].price is not a field of an offer'],
    [
      {
        offers: [
          offer(),
          offer({ supplier: 'other' }),
          offer({ maxCost: { value: '900000', currency: 'IDR' } }),
        ],
      },
      'offers[2] repeats offers[0] (supplier digiflazz, sku TSEL10)',
    ],
    [
      {
        pricing: 'bill',
        price: { value: '250000', currency: 'IDR' },
        offers: [offer({ maxCost: { value: '200000', currency: 'IDR' } })],
      },
      "offers[0].maxCost is for fixed-price products only: a bill's cost is the bill",
    ],
  ])('names the product and the offer field of a bad offer (%j)', (overrides, problem) => {
    expect(problemsOf([entry(overrides)])).toEqual([`product #1 (TSEL-10K): ${problem}`]);
  });
});
