import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { idr } from '@kios/dana-protocol';
import { CatalogFileError, parseCatalog, parseCatalogJson, readCatalogFile } from '../src/catalog-file';

const SAMPLE_CATALOG = join(__dirname, '../../../catalog/sample-catalog.json');

function entry(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    productId: 'TSEL-10K',
    type: 'MOBILE_CREDIT',
    provider: 'telkomsel',
    name: 'Telkomsel Pulsa 10.000',
    module: 'telco',
    price: { value: '1025000', currency: 'IDR' },
    availability: true,
    destination: { kind: 'phone' },
    pricing: 'fixed',
    delivery: 'serial',
    ...overrides,
  };
}

function problemsOf(document: unknown): string[] {
  try {
    parseCatalog(document);
  } catch (error) {
    if (error instanceof CatalogFileError) return error.problems;
    throw error;
  }
  throw new Error('the catalog was accepted');
}

describe('catalog file', () => {
  it('reads an array of products into Products with bigint prices', () => {
    expect(parseCatalog([entry()])).toEqual([
      {
        productId: 'TSEL-10K',
        type: 'MOBILE_CREDIT',
        provider: 'telkomsel',
        name: 'Telkomsel Pulsa 10.000',
        module: 'telco',
        price: idr(1_025_000n),
        available: true,
        destination: { kind: 'phone' },
        pricing: 'fixed',
        delivery: 'serial',
        offers: [],
      },
    ]);
  });

  describe('offers', () => {
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
      [
        { offers: [offer({ maxCost: undefined })] },
        'offers[0].maxCost is required for a fixed-price product',
      ],
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

  it('reads an object with a products array', () => {
    expect(parseCatalog({ products: [entry()] }).map((product) => product.productId)).toEqual(['TSEL-10K']);
  });

  it('keeps the zone flag of a game account', () => {
    const [product] = parseCatalog([
      entry({ module: 'games', destination: { kind: 'game_account', zone: true } }),
    ]);
    expect(product.destination).toEqual({ kind: 'game_account', zone: true });
  });

  it('accepts a zero price for a bill-priced product', () => {
    const [product] = parseCatalog([entry({ pricing: 'bill', price: { value: '0', currency: 'IDR' } })]);
    expect(product.price).toEqual(idr(0));
  });

  it('refuses a document that is neither an array nor { products }', () => {
    expect(problemsOf({ items: [] })).toEqual([
      'must be a JSON array of products or an object { "products": [...] }',
    ]);
  });

  it('names the product and the field of a bad price', () => {
    const document = [
      entry({ productId: 'A' }),
      entry({ productId: 'B' }),
      entry({ price: { value: '10.250', currency: 'IDR' } }),
    ];
    expect(problemsOf(document)).toEqual([
      'product #3 (TSEL-10K): price.value must be 1-19 digits (minor units)',
    ]);
  });

  it.each([
    [{ price: { value: '1025000', currency: 'USD' } }, 'price.currency must be IDR'],
    [{ price: { value: 1025000, currency: 'IDR' } }, 'price.value must be 1-19 digits (minor units)'],
    [
      { price: { value: '12345678901234567890', currency: 'IDR' } },
      'price.value must be 1-19 digits (minor units)',
    ],
    [{ price: '10250' }, 'price must be an object { value, currency }'],
    [{ price: { value: '0', currency: 'IDR' } }, 'price.value must be above 0 for fixed pricing'],
    [{ availability: 'yes' }, 'availability must be true or false'],
    [{ availability: undefined }, 'availability is required'],
    [{ module: 'pulsa' }, 'module must be one of telco, biller, games'],
    [{ pricing: 'open' }, 'pricing must be one of fixed, bill'],
    [{ delivery: 'email' }, 'delivery must be one of serial, token, voucher'],
    [{ type: '' }, 'type must be a string of 1-32 characters without surrounding spaces'],
    [{ type: 'A'.repeat(33) }, 'type must be a string of 1-32 characters without surrounding spaces'],
    [{ provider: ' telkomsel' }, 'provider must be a string of 1-32 characters without surrounding spaces'],
    [{ name: undefined }, 'name is required'],
    [
      { destination: { kind: 'email' } },
      'destination.kind must be one of phone, electricity_meter, customer_id, game_account, none',
    ],
    [{ destination: { kind: 'game_account' } }, 'destination.zone is required'],
    [
      { destination: { kind: 'phone', zone: true } },
      'destination.zone is not a field of a phone destination',
    ],
    [{ destination: 'phone' }, 'destination must be an object { kind }'],
    [{ avaliability: true }, 'unknown field "avaliability"'],
  ])('names the field of a bad entry (%j)', (overrides, problem) => {
    expect(problemsOf([entry(overrides)])).toEqual([`product #1 (TSEL-10K): ${problem}`]);
  });

  it('refuses a productId that cannot be part of a stream name', () => {
    expect(problemsOf([entry({ productId: 'TSEL 10K' })])).toEqual([
      "product #1 (TSEL 10K): productId must start with a letter or digit and use only letters, digits, '.', '_' or '-'",
    ]);
  });

  it('labels an entry without a productId by its position only', () => {
    expect(problemsOf([entry(), entry({ productId: undefined })])).toEqual([
      'product #2: productId is required',
    ]);
  });

  it('refuses an entry that is not an object', () => {
    expect(problemsOf([entry(), 'TSEL-20K'])).toEqual(['product #2: must be an object']);
  });

  it('reports every problem of every product, not just the first', () => {
    const document = [
      entry({ productId: 'A', module: 'x', delivery: 'y' }),
      entry({ productId: 'B' }),
      entry({ productId: 'C', price: { value: '-5', currency: 'IDR' } }),
    ];
    expect(problemsOf(document)).toEqual([
      'product #1 (A): module must be one of telco, biller, games',
      'product #1 (A): delivery must be one of serial, token, voucher',
      'product #3 (C): price.value must be 1-19 digits (minor units)',
    ]);
  });

  it('refuses a productId used twice, naming both entries', () => {
    const document = [
      entry(),
      entry({ productId: 'TSEL-20K' }),
      entry({ price: { value: '1050000', currency: 'IDR' } }),
    ];
    expect(problemsOf(document)).toEqual(['product #3 (TSEL-10K): productId duplicates product #1']);
  });

  it('says what is wrong with text that is not JSON, and where it came from', () => {
    expect(() => parseCatalogJson('[{"productId": ', 'catalog.json')).toThrow(
      /^catalog\.json is invalid:\n {2}- not valid JSON/,
    );
  });

  it('puts every problem in the error message', () => {
    expect(() =>
      parseCatalog([entry({ module: 'x' }), entry({ productId: 'B', pricing: 'y' })], 'c.json'),
    ).toThrow(
      'c.json is invalid:\n' +
        '  - product #1 (TSEL-10K): module must be one of telco, biller, games\n' +
        '  - product #2 (B): pricing must be one of fixed, bill',
    );
  });

  describe('the bundled sample catalog', () => {
    it('validates', async () => {
      const products = await readCatalogFile(SAMPLE_CATALOG);
      expect(products.length).toBeGreaterThanOrEqual(60);
    });

    it('covers all three modules and has some unavailable products', async () => {
      const products = await readCatalogFile(SAMPLE_CATALOG);
      expect(new Set(products.map((product) => product.module))).toEqual(
        new Set(['telco', 'biller', 'games']),
      );
      expect(products.some((product) => !product.available)).toBe(true);
    });

    it('lists Telkomsel pulsa 10.000 at Rp 10.250 as in docs/dana-protocol.md §3.1', () => {
      const products = parseCatalogJson(readFileSync(SAMPLE_CATALOG, 'utf8'));
      expect(products.find((product) => product.productId === 'TSEL-10K')?.price).toEqual(idr(1_025_000n));
    });
  });
});
