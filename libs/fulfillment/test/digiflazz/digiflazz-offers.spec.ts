import { idr } from '@kios/dana-protocol';
import { digiflazzMaxPriceFromOffers, digiflazzOfferOf, digiflazzSkuFromOffers } from '@kios/fulfillment';
import { harness, REF, xlCredit, type Harness } from './digiflazz.fixture';
import { transactionAnswer } from './recording-server';

/** What kios buys through Digiflazz comes from the catalog: a product's first `digiflazz` offer. */
describe('Digiflazz skus from the catalog offers', () => {
  const offered = {
    ...xlCredit,
    offers: [
      { supplier: 'other', sku: 'OTHER-10', maxCost: idr(990_000) },
      { supplier: 'digiflazz', sku: 'xld10', maxCost: idr(1_010_000) },
      { supplier: 'digiflazz', sku: 'xld10b' },
    ],
  };
  let h: Harness;
  beforeEach(async () => {
    h = await harness({ skuFor: digiflazzSkuFromOffers, maxPriceFor: digiflazzMaxPriceFromOffers });
  });
  afterEach(() => h.fake.close());

  it('takes the first digiflazz offer: its sku, and its maxCost as max_price (whole rupiah)', async () => {
    expect(digiflazzOfferOf(offered)).toEqual(offered.offers[1]);
    h.fake.answer(() => transactionAnswer({ ref_id: REF, rc: '00', status: 'Sukses', sn: 'SN-1' }));
    await h.supplier.purchase({
      product: offered,
      destination: { primaryParam: '087800001230' },
      supplierRef: REF,
    });
    expect(h.fake.bodies()[0]).toMatchObject({ buyer_sku_code: 'xld10', max_price: 10_100 });
  });

  it('a product with no digiflazz offer fails at once with the reason, nothing sent, never in doubt', async () => {
    const unlinked = { ...xlCredit, offers: [{ supplier: 'other', sku: 'OTHER-10' }] };
    await expect(
      h.supplier.purchase({
        product: unlinked,
        destination: { primaryParam: '087800001230' },
        supplierRef: REF,
      }),
    ).resolves.toEqual({
      status: 'failed',
      reason: `not sent: no Digiflazz sku for product ${xlCredit.productId}`,
    });
    expect(h.fake.requests).toHaveLength(0);
  });
});
