import { DeciderSpec } from '@kios/testing';
import { productDecider } from '../src/product.decider';
import { ProductNotListedError } from '../src/product.errors';
import {
  applySupplierQuotes,
  changeAvailability,
  digiflazzOffer,
  offerAvailabilityChanged,
  productAvailabilityChanged,
  productDelisted,
  productListed,
  productOffersChanged,
  quote,
  syncProduct,
} from './product.builders';

/** Telkomsel Pulsa 10.000 (Rp 10.250), bought from Digiflazz as TSEL10 for at most Rp 10.000, or TSEL10B. */
const tsel10 = digiflazzOffer('TSEL10', 10_000n);
const tsel10b = digiflazzOffer('TSEL10B', 10_000n);
const oneOffer = { offers: [tsel10] };
const twoOffers = { offers: [tsel10, tsel10b] };
const tooDear = 'price Rp 10.100 is above maxCost Rp 10.000';
const closed = 'seller_product_status is false';

describe('product decider: what a supplier price list says of the offers', () => {
  const spec = DeciderSpec.for(productDecider);

  it('appends nothing when the list says every offer is still available', () =>
    spec
      .given([productListed(oneOffer)])
      .when(applySupplierQuotes([quote('TSEL10', 9_990n)]))
      .then([]));

  it('makes an offer the supplier closed unavailable, and the product with it when it was the only one', () =>
    spec
      .given([productListed(oneOffer)])
      .when(applySupplierQuotes([quote('TSEL10', 9_990n, closed)]))
      .then([offerAvailabilityChanged(false, closed), productAvailabilityChanged(false, 'TSEL-10K', true)]));

  it('makes an offer whose price went above its maxCost unavailable, saying both amounts', () =>
    spec
      .given([productListed(oneOffer)])
      .when(applySupplierQuotes([quote('TSEL10', 10_100n)]))
      .then([offerAvailabilityChanged(false, tooDear), productAvailabilityChanged(false, 'TSEL-10K', true)]));

  it('keeps an offer priced exactly at its maxCost', () =>
    spec
      .given([productListed(oneOffer)])
      .when(applySupplierQuotes([quote('TSEL10', 10_000n)]))
      .then([]));

  it('makes an offer whose sku is not in the list unavailable', () =>
    spec
      .given([productListed(oneOffer)])
      .when(applySupplierQuotes([]))
      .then([
        offerAvailabilityChanged(false, "TSEL10 is not in digiflazz's price list"),
        productAvailabilityChanged(false, 'TSEL-10K', true),
      ]));

  it('keeps the product available while another offer is', () =>
    spec
      .given([productListed(twoOffers)])
      .when(applySupplierQuotes([quote('TSEL10', 9_990n, closed), quote('TSEL10B', 9_900n)]))
      .then([offerAvailabilityChanged(false, closed)]));

  it('makes the product available again when an offer is back', () =>
    spec
      .given([
        productListed(oneOffer),
        offerAvailabilityChanged(false, closed),
        productAvailabilityChanged(false, 'TSEL-10K', true),
      ])
      .when(applySupplierQuotes([quote('TSEL10', 9_990n)]))
      .then([offerAvailabilityChanged(true), productAvailabilityChanged(true)]));

  it('appends nothing when an unavailable offer is still unavailable, for another reason too', () =>
    spec
      .given([
        productListed(oneOffer),
        offerAvailabilityChanged(false, closed),
        productAvailabilityChanged(false, 'TSEL-10K', true),
      ])
      .when(applySupplierQuotes([quote('TSEL10', 10_100n)]))
      .then([]));

  it("leaves another supplier's offers alone", () =>
    spec
      .given([productListed({ offers: [tsel10, { ...tsel10b, supplier: 'iak' }] })])
      .when(applySupplierQuotes([]))
      .then([offerAvailabilityChanged(false, "TSEL10 is not in digiflazz's price list")]));

  it('records an offer that comes back while the operator lists the product unavailable, and nothing for DANA', () =>
    spec
      .given([
        productListed(oneOffer),
        offerAvailabilityChanged(false, closed),
        productAvailabilityChanged(false, 'TSEL-10K', true),
        productAvailabilityChanged(false, 'TSEL-10K', false),
      ])
      .when(applySupplierQuotes([quote('TSEL10', 9_990n)]))
      .then([offerAvailabilityChanged(true)]));

  it('appends nothing for a product without offers of that supplier', () =>
    spec.given([productListed()]).when(applySupplierQuotes([])).then([]));

  it('appends nothing for a delisted product', () =>
    spec
      .given([productListed(oneOffer), productDelisted()])
      .when(applySupplierQuotes([]))
      .then([]));

  it('refuses a product never listed', () =>
    spec.given([]).when(applySupplierQuotes([])).thenThrows(ProductNotListedError));
});

describe("product decider: a catalog import does not override a supplier's unavailable", () => {
  const spec = DeciderSpec.for(productDecider);
  const heldBySupplier = [
    productListed(oneOffer),
    offerAvailabilityChanged(false, closed),
    productAvailabilityChanged(false, 'TSEL-10K', true),
  ];

  it('appends nothing when the catalog lists the product available as before', () =>
    spec
      .given(heldBySupplier)
      .when(syncProduct({ ...oneOffer, available: true }))
      .then([]));

  it('records the listing when the operator lists it unavailable; DANA was already not offered it', () =>
    spec
      .given(heldBySupplier)
      .when(syncProduct({ ...oneOffer, available: false }))
      .then([productAvailabilityChanged(false, 'TSEL-10K', false)]));

  it('keeps it unavailable when the operator lists it available again, until the next price list', () =>
    spec
      .given([...heldBySupplier, productAvailabilityChanged(false, 'TSEL-10K', false)])
      .when(syncProduct({ ...oneOffer, available: true }))
      .then([productAvailabilityChanged(false, 'TSEL-10K', true)]));

  it('makes it available when the import adds an offer no supplier has judged', () =>
    spec
      .given(heldBySupplier)
      .when(syncProduct({ ...twoOffers, available: true }))
      .then([productAvailabilityChanged(true), productOffersChanged(twoOffers.offers)]));

  it('forgets the supplier verdict on an offer the import removes', () =>
    spec
      .given([
        productListed(twoOffers),
        offerAvailabilityChanged(false, closed),
        productOffersChanged([tsel10b]),
        productOffersChanged(twoOffers.offers),
      ])
      .when(applySupplierQuotes([quote('TSEL10', 9_990n, closed), quote('TSEL10B', 9_900n)]))
      .then([offerAvailabilityChanged(false, closed)]));

  it('keeps an admin change of availability under the same rule', () =>
    spec
      .given([...heldBySupplier, productAvailabilityChanged(false, 'TSEL-10K', false)])
      .when(changeAvailability(true))
      .then([productAvailabilityChanged(false, 'TSEL-10K', true)]));

  it('makes the product unavailable to DANA when the operator delists its availability while supplied', () =>
    spec
      .given([productListed(oneOffer)])
      .when(syncProduct({ ...oneOffer, available: false }))
      .then([productAvailabilityChanged(false)]));
});
