import { readFileSync } from 'node:fs';
import { idr } from '@kios/dana-protocol';
import { parseCatalog, parseCatalogJson, readCatalogFile } from '../src/catalog-file';
import { SAMPLE_CATALOG, entry, problemsOf } from './catalog-file.fixture';

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
