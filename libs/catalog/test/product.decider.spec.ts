import { idr } from '@kios/dana-protocol';
import { DeciderSpec } from '@kios/testing';
import { productDecider } from '../src/product.decider';
import {
  InvalidProductOffersError,
  InvalidProductPriceError,
  ProductDefinitionChangedError,
  ProductDelistedError,
  ProductNotListedError,
} from '../src/product.errors';
import { productStream } from '../src/product.events';
import {
  changeAvailability,
  changePrice,
  delistProduct,
  digiflazzOffer,
  productAvailabilityChanged,
  productDelisted,
  productListed,
  productOffersChanged,
  productPriceChanged,
  syncProduct,
} from './product.builders';

describe('product decider', () => {
  const spec = DeciderSpec.for(productDecider);

  it('keeps each product in its own stream', () => {
    expect(productStream('TSEL-10K')).toBe('product-TSEL-10K');
  });

  describe('syncing a product from the catalog', () => {
    it('lists a product the store has never seen', () =>
      spec.given([]).when(syncProduct()).then([productListed()]));

    it('lists a bill-priced product whose catalog price is zero', () =>
      spec
        .given([])
        .when(syncProduct({ productId: 'PLN-POSTPAID', pricing: 'bill', price: idr(0) }))
        .then([productListed({ productId: 'PLN-POSTPAID', pricing: 'bill', price: idr(0) })]));

    it('refuses to list a fixed-price product for free', () =>
      spec
        .given([])
        .when(syncProduct({ price: idr(0) }))
        .thenThrows(InvalidProductPriceError));

    it('answers an identical listing with nothing new', () =>
      spec.given([productListed()]).when(syncProduct()).then([]));

    it('records a new price', () =>
      spec
        .given([productListed()])
        .when(syncProduct({ price: idr(1_050_000) }))
        .then([productPriceChanged(1_025_000n, 1_050_000n)]));

    it('records a change of availability', () =>
      spec
        .given([productListed()])
        .when(syncProduct({ available: false }))
        .then([productAvailabilityChanged(false)]));

    it('records price and availability together when both change', () =>
      spec
        .given([productListed()])
        .when(syncProduct({ price: idr(1_050_000), available: false }))
        .then([productPriceChanged(1_025_000n, 1_050_000n), productAvailabilityChanged(false)]));

    it('compares against the latest price and availability, not the first listing', () =>
      spec
        .given([
          productListed(),
          productPriceChanged(1_025_000n, 1_050_000n),
          productAvailabilityChanged(false),
        ])
        .when(syncProduct({ price: idr(1_050_000), available: false }))
        .then([]));

    it.each([
      ['type', { type: 'MOBILE_DATA' }],
      ['provider', { provider: 'indosat' }],
      ['name', { name: 'Telkomsel Pulsa 10rb' }],
      ['module', { module: 'games' as const }],
      ['destination', { destination: { kind: 'none' as const } }],
      ['pricing', { pricing: 'bill' as const }],
      ['delivery', { delivery: 'voucher' as const }],
    ])('refuses to change the %s of a listed product', (_field, overrides) =>
      spec.given([productListed()]).when(syncProduct(overrides)).thenThrows(ProductDefinitionChangedError),
    );

    it('refuses to change whether a game account needs a zone', () =>
      spec
        .given([productListed({ destination: { kind: 'game_account', zone: true } })])
        .when(syncProduct({ destination: { kind: 'game_account', zone: false } }))
        .thenThrows(ProductDefinitionChangedError));

    it('names every field that may not change', () => {
      const state = [productListed()].reduce(productDecider.evolve, productDecider.initialState);
      expect(() => productDecider.decide(syncProduct({ type: 'MOBILE_DATA', name: 'Other' }), state)).toThrow(
        'product TSEL-10K: type, name cannot change once listed',
      );
    });

    it('refuses to relist a delisted product, even unchanged', () =>
      spec.given([productListed(), productDelisted()]).when(syncProduct()).thenThrows(ProductDelistedError));
  });

  describe('syncing the offers of a product', () => {
    const offer = digiflazzOffer();

    it('lists a product with its offers', () =>
      spec
        .given([])
        .when(syncProduct({ offers: [offer] }))
        .then([productListed({ offers: [offer] })]));

    it('records offers given to a product listed without them', () =>
      spec
        .given([productListed()])
        .when(syncProduct({ offers: [offer] }))
        .then([productOffersChanged([offer])]));

    it('answers the same offers with nothing new', () =>
      spec
        .given([productListed(), productOffersChanged([offer])])
        .when(syncProduct({ offers: [digiflazzOffer()] }))
        .then([]));

    it.each([
      ['a new maxCost', [digiflazzOffer('TSEL10', 10_100n)]],
      ['another SKU', [digiflazzOffer('TSEL10B')]],
      ['one more offer', [offer, digiflazzOffer('TSEL10B')]],
      ['no offer at all', []],
    ])('records %s', (_, offers) =>
      spec
        .given([productListed({ offers: [offer] })])
        .when(syncProduct({ offers }))
        .then([productOffersChanged(offers)]),
    );

    it('records the same offers in another order, since kios tries them in order', () =>
      spec
        .given([productListed({ offers: [offer, digiflazzOffer('TSEL10B')] })])
        .when(syncProduct({ offers: [digiflazzOffer('TSEL10B'), offer] }))
        .then([productOffersChanged([digiflazzOffer('TSEL10B'), offer])]));

    it('records price, availability and offers together when all change', () =>
      spec
        .given([productListed()])
        .when(syncProduct({ price: idr(1_050_000), available: false, offers: [offer] }))
        .then([
          productPriceChanged(1_025_000n, 1_050_000n),
          productAvailabilityChanged(false),
          productOffersChanged([offer]),
        ]));

    it('compares against the latest offers, not the first listing', () =>
      spec
        .given([productListed({ offers: [offer] }), productOffersChanged([])])
        .when(syncProduct({ offers: [offer] }))
        .then([productOffersChanged([offer])]));

    it.each([
      ['listing', []],
      ['changing', [productListed()]],
    ])('refuses a maxCost above the price when %s (kios would sell at a loss)', (_, given) =>
      spec
        .given(given)
        .when(syncProduct({ offers: [digiflazzOffer('TSEL10', 10_251n)] }))
        .thenThrows(InvalidProductOffersError),
    );

    it('names the product and the offer field it refuses', () => {
      const state = [productListed()].reduce(productDecider.evolve, productDecider.initialState);
      expect(() =>
        productDecider.decide(syncProduct({ offers: [offer, digiflazzOffer('TSEL10', 9_000n)] }), state),
      ).toThrow('product TSEL-10K: offers[1] repeats offers[0] (supplier digiflazz, sku TSEL10)');
    });

    it('refuses a maxCost on the offer of a bill-priced product', () =>
      spec
        .given([])
        .when(syncProduct({ pricing: 'bill', price: idr(0), offers: [offer] }))
        .thenThrows(InvalidProductOffersError));

    it('refuses a fixed-price offer without maxCost', () =>
      spec
        .given([])
        .when(syncProduct({ offers: [{ supplier: 'digiflazz', sku: 'TSEL10' }] }))
        .thenThrows(InvalidProductOffersError));

    it('refuses a price change that would put an offer’s maxCost above the price', () =>
      spec
        .given([productListed({ offers: [offer] })])
        .when(syncProduct({ price: idr(990_000), offers: [offer] }))
        .thenThrows(InvalidProductOffersError));

    it('accepts a lower price and a lower maxCost together', () =>
      spec
        .given([productListed({ offers: [offer] })])
        .when(syncProduct({ price: idr(990_000), offers: [digiflazzOffer('TSEL10', 9_500n)] }))
        .then([
          productPriceChanged(1_025_000n, 990_000n),
          productOffersChanged([digiflazzOffer('TSEL10', 9_500n)]),
        ]));

    it('refuses offers for a delisted product', () =>
      spec
        .given([productListed(), productDelisted()])
        .when(syncProduct({ offers: [offer] }))
        .thenThrows(ProductDelistedError));
  });

  describe('changing the price', () => {
    it('records the old and the new price', () =>
      spec
        .given([productListed()])
        .when(changePrice(990_000n))
        .then([productPriceChanged(1_025_000n, 990_000n)]));

    it('answers the current price with nothing new', () =>
      spec.given([productListed()]).when(changePrice(1_025_000n)).then([]));

    it('refuses a zero price for a fixed-price product', () =>
      spec.given([productListed()]).when(changePrice(0n)).thenThrows(InvalidProductPriceError));

    it('refuses a price below an offer’s maxCost', () =>
      spec
        .given([productListed({ offers: [digiflazzOffer()] })])
        .when(changePrice(990_000n))
        .thenThrows(InvalidProductOffersError));

    it('accepts a price down to an offer’s maxCost', () =>
      spec
        .given([productListed({ offers: [digiflazzOffer()] })])
        .when(changePrice(1_000_000n))
        .then([productPriceChanged(1_025_000n, 1_000_000n)]));

    it('refuses a product that was never listed', () =>
      spec.given([]).when(changePrice(990_000n)).thenThrows(ProductNotListedError));

    it('refuses a delisted product', () =>
      spec
        .given([productListed(), productDelisted()])
        .when(changePrice(990_000n))
        .thenThrows(ProductDelistedError));
  });

  describe('changing availability', () => {
    it('makes a product unavailable', () =>
      spec
        .given([productListed()])
        .when(changeAvailability(false))
        .then([productAvailabilityChanged(false)]));

    it('makes an unavailable product available again', () =>
      spec
        .given([productListed(), productAvailabilityChanged(false)])
        .when(changeAvailability(true))
        .then([productAvailabilityChanged(true)]));

    it('answers the current availability with nothing new', () =>
      spec.given([productListed()]).when(changeAvailability(true)).then([]));

    it('refuses a product that was never listed', () =>
      spec.given([]).when(changeAvailability(false)).thenThrows(ProductNotListedError));

    it('refuses a delisted product', () =>
      spec
        .given([productListed(), productDelisted()])
        .when(changeAvailability(true))
        .thenThrows(ProductDelistedError));
  });

  describe('delisting', () => {
    it('delists a listed product', () =>
      spec.given([productListed()]).when(delistProduct()).then([productDelisted()]));

    it('delists an unavailable product', () =>
      spec
        .given([productListed(), productAvailabilityChanged(false)])
        .when(delistProduct())
        .then([productDelisted()]));

    it('answers a repeated delisting with nothing new', () =>
      spec.given([productListed(), productDelisted()]).when(delistProduct()).then([]));

    it('refuses a product that was never listed', () =>
      spec.given([]).when(delistProduct()).thenThrows(ProductNotListedError));
  });
});
