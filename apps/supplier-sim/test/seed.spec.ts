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

  it('has the seller off for the products the catalog lists as unavailable', () => {
    for (const product of catalog.products) {
      expect(seedFor(product.productId)[0].seller_product_status).toBe(product.availability);
    }
  });
});
