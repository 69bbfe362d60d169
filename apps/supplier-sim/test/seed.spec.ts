import catalog from '../../../catalog/sample-catalog.json';
import { DEFAULT_SEED } from '../src';

/** seed/price-list.json links each of kios's sample products to a Digiflazz SKU through `kios_product_id`. */
describe('supplier-sim seed price list', () => {
  const linked = [...DEFAULT_SEED.prepaid, ...DEFAULT_SEED.pasca];
  const seedFor = (productId: string) => linked.filter((entry) => entry.kios_product_id === productId);

  it('has exactly one SKU for every product of the sample catalog, and unique SKUs', () => {
    expect(catalog.products.filter((product) => seedFor(product.productId).length !== 1)).toEqual([]);
    const skus = linked.map((entry) => entry.buyer_sku_code);
    expect(new Set(skus).size).toBe(skus.length);
  });

  it('sells fixed-price products as prepaid below kios’s price, and bills as postpaid', () => {
    for (const product of catalog.products) {
      const [entry] = seedFor(product.productId);
      if (product.pricing === 'bill') {
        expect(DEFAULT_SEED.pasca).toContain(entry);
        continue;
      }
      const prepaid = DEFAULT_SEED.prepaid.find((candidate) => candidate === entry)!;
      expect(prepaid).toBeDefined();
      expect(Number.isInteger(prepaid.price)).toBe(true);
      expect(prepaid.price * 100).toBeLessThan(Number(product.price.value));
    }
  });

  it('is what the sample catalog’s offers point at: a seed SKU, bought for no less than the seed’s price', () => {
    const bySku = new Map(linked.map((entry) => [entry.buyer_sku_code, entry]));
    const offers = catalog.products.flatMap((product) =>
      (product.offers ?? []).map((offer) => ({ product, offer })),
    );
    expect(offers.length).toBe(catalog.products.length);
    for (const { product, offer } of offers) {
      const entry = bySku.get(offer.sku);
      expect([product.productId, offer.supplier, entry?.kios_product_id]).toEqual([
        product.productId,
        'digiflazz',
        product.productId,
      ]);
      if (product.pricing === 'bill') {
        expect(offer).not.toHaveProperty('maxCost');
        continue;
      }
      const prepaid = DEFAULT_SEED.prepaid.find((candidate) => candidate.buyer_sku_code === offer.sku)!;
      const maxCost = 'maxCost' in offer ? offer.maxCost : undefined;
      expect(maxCost?.currency).toBe('IDR');
      // maxCost is in minor units; the seed's price (Digiflazz's) in whole rupiah.
      expect(BigInt(maxCost!.value)).toBeGreaterThanOrEqual(BigInt(prepaid.price) * 100n);
      expect(BigInt(maxCost!.value)).toBeLessThanOrEqual(BigInt(product.price.value));
    }
  });

  it('has the seller off for the products the catalog lists as unavailable', () => {
    for (const product of catalog.products) {
      expect(seedFor(product.productId)[0].seller_product_status).toBe(product.availability);
    }
  });
});
