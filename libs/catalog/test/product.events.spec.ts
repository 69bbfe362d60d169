import { idr } from '@kios/dana-protocol';
import { UnreadableEvent } from '@kios/event-store';
import { DecoderSpec, roundTripsThroughTheStore, storedEvent } from '@kios/testing';
import { aProduct } from '@kios/testing';
import { productDecider } from '../src/product.decider';
import { decodeProductEvent, productData, type ProductEvent, productStream } from '../src/product.events';
import {
  digiflazzOffer,
  offerAvailabilityChanged,
  productAvailabilityChanged,
  productDelisted,
  productListed,
  productOffersChanged,
  productPriceChanged,
} from './product.builders';

/** Every product event type, and every destination shape and product kind a listing carries. */
const writtenToday: Record<string, ProductEvent> = {
  'ProductListed (phone)': productListed(),
  'ProductListed (electricity meter, token)': productListed({
    module: 'biller',
    destination: { kind: 'electricity_meter' },
    delivery: 'token',
  }),
  'ProductListed (customer id, bill-priced at 0)': productListed({
    module: 'biller',
    destination: { kind: 'customer_id' },
    pricing: 'bill',
    price: idr(0),
  }),
  'ProductListed (game account with a zone)': productListed({
    module: 'games',
    destination: { kind: 'game_account', zone: true },
  }),
  'ProductListed (voucher, no destination check)': productListed({
    destination: { kind: 'none' },
    delivery: 'voucher',
    available: false,
  }),
  'ProductListed (with offers)': productListed({ offers: [digiflazzOffer(), digiflazzOffer('TSEL10B')] }),
  'ProductListed (offers of two suppliers, one with a routing priority)': productListed({
    offers: [
      { ...digiflazzOffer(), priority: 1 },
      { supplier: 'iak', sku: 'HTELKOMSEL10000', maxCost: idr(1_000_000) },
    ],
  }),
  'ProductListed (bill-priced, an offer without maxCost)': productListed({
    module: 'biller',
    destination: { kind: 'customer_id' },
    pricing: 'bill',
    price: idr(250_000),
    offers: [{ supplier: 'digiflazz', sku: 'PLNPOSTPAID' }],
  }),
  ProductPriceChanged: productPriceChanged(1_025_000n, 1_050_000n),
  ProductAvailabilityChanged: productAvailabilityChanged(false),
  'ProductAvailabilityChanged (listed, held by a supplier)': productAvailabilityChanged(
    false,
    'TSEL-10K',
    true,
  ),
  'ProductOfferAvailabilityChanged (unavailable, why)': offerAvailabilityChanged(
    false,
    'seller_product_status is false',
  ),
  'ProductOfferAvailabilityChanged (available)': offerAvailabilityChanged(true),
  ProductDelisted: productDelisted(),
  ProductOffersChanged: productOffersChanged([digiflazzOffer('TSEL10', 10_100n)]),
  'ProductOffersChanged (to none)': productOffersChanged([]),
};

const spec = DecoderSpec.for(decodeProductEvent);
const at = { stream: productStream('TSEL-10K'), revision: 2n };
/** Metadata as the catalog import writes it. */
const written = {
  correlationId: 'catalog-import',
  causationId: 'catalog-import',
  recordedAt: '2025-01-15T03:00:00.000Z',
};

describe('product events as stored', () => {
  describe('read back from a SQLite store, written as the catalog import writes them', () => {
    const { store, repository } = roundTripsThroughTheStore({
      stream: productStream('TSEL-10K'),
      decider: productDecider,
      decode: decodeProductEvent,
      writtenToday,
      metadata: written,
    });

    it('stops loading at a corrupted event with UnreadableEvent naming stream, revision and field', async () => {
      await repository().handle(productStream('TSEL-10K'), productDecider, () => [productListed()], written);
      await store().append(
        productStream('TSEL-10K'),
        [{ type: 'ProductAvailabilityChanged', data: { productId: 'TSEL-10K', available: 'no' } }],
        0n,
      );

      const loading = repository().load(productStream('TSEL-10K'), productDecider);

      await expect(loading).rejects.toBeInstanceOf(UnreadableEvent);
      await expect(loading).rejects.toThrow(
        'unreadable event ProductAvailabilityChanged at product-TSEL-10K@1: data.available must be a boolean, got "no"',
      );
    });
  });

  describe('a ProductListed of schema version 1, written before products had offers', () => {
    const { offers, ...v1 } = productData(aProduct());

    it.each([
      ['stored as version 1', { schemaVersion: 1 }],
      ['stored before versions were recorded', {}],
    ])('is upcast to version 2 with no offers (%s)', (_, metadata) => {
      expect(offers).toEqual([]);
      spec
        .given(storedEvent('ProductListed', v1, { ...at, metadata }))
        .whenDecoded()
        .then({ type: 'ProductListed', data: { ...v1, offers: [] } });
    });

    it('is written as version 2 today', () => {
      expect(decodeProductEvent.schemaVersionOf('ProductListed')).toBe(2);
    });

    it('still has to have the shape of a listing', () =>
      spec
        .given(
          storedEvent('ProductListed', { ...v1, pricing: 'open' }, { ...at, metadata: { schemaVersion: 1 } }),
        )
        .whenDecoded()
        .thenUnreadable(
          'data.pricing must be one of "fixed", "bill", got "open" (upcast from schema version 1)',
        ));
  });

  describe('a ProductAvailabilityChanged of schema version 1, written before supplier availability', () => {
    it.each([true, false])('is upcast to version 2 listed as it made the product (%s)', (available) =>
      spec
        .given(
          storedEvent(
            'ProductAvailabilityChanged',
            { productId: 'TSEL-10K', available },
            { ...at, metadata: { schemaVersion: 1 } },
          ),
        )
        .whenDecoded()
        .then(productAvailabilityChanged(available)),
    );

    it('is written as version 2 today', () => {
      expect(decodeProductEvent.schemaVersionOf('ProductAvailabilityChanged')).toBe(2);
    });
  });

  describe('a stored event that does not have the shape its writers give it', () => {
    const v2 = { ...at, metadata: { schemaVersion: 2 } };

    it('a version 2 listing without offers', () =>
      spec
        .given(storedEvent('ProductListed', { ...productData(aProduct()), offers: undefined }, v2))
        .whenDecoded()
        .thenUnreadable(/data\.offers is missing$/));

    it('an offer whose maxCost is a number', () =>
      spec
        .given(
          storedEvent(
            'ProductOffersChanged',
            {
              productId: 'TSEL-10K',
              offers: [
                { supplier: 'digiflazz', sku: 'TSEL10', maxCost: { value: 1000000, currency: 'IDR' } },
              ],
            },
            at,
          ),
        )
        .whenDecoded()
        .thenUnreadable('data.offers[0].maxCost.value must be a digit string, got 1000000'));

    it('a price in another currency', () =>
      spec
        .given(
          storedEvent(
            'ProductPriceChanged',
            { ...productPriceChanged(1n, 2n).data, price: { value: '2', currency: 'USD' } },
            at,
          ),
        )
        .whenDecoded()
        .thenUnreadable('data.price.currency must be one of "IDR", got "USD"'));

    it('a module kios does not sell', () =>
      spec
        .given(storedEvent('ProductListed', { ...productData(aProduct()), module: 'insurance' }, v2))
        .whenDecoded()
        .thenUnreadable('data.module must be one of "telco", "biller", "games", got "insurance"'));

    it('a game account destination without its zone flag', () =>
      spec
        .given(
          storedEvent(
            'ProductListed',
            { ...productData(aProduct()), destination: { kind: 'game_account' } },
            v2,
          ),
        )
        .whenDecoded()
        .thenUnreadable(/data.destination.zone is missing/));
  });
});
