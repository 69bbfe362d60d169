import type { JsonObject, RecordedEvent } from '@kios/event-store';
import { nextProductStatusNotice } from '../src/product-status-notice';
import { productStream, type ProductEvent } from '../src/product.events';
import {
  offerAvailabilityChanged,
  productAvailabilityChanged,
  productDelisted,
  productListed,
  productPriceChanged,
} from './product.builders';

/** `events` as `$all` would hand them over, at positions 1, 2, 3… */
function inAll(
  ...events: (ProductEvent | { type: string; data: JsonObject; stream: string })[]
): RecordedEvent[] {
  return events.map((event, index) => ({
    id: `event-${index + 1}`,
    type: event.type,
    data: event.data as JsonObject,
    metadata: {},
    stream: 'stream' in event ? event.stream : productStream(String(event.data.productId)),
    revision: 0n,
    position: { commit: BigInt(index + 1), prepare: BigInt(index + 1) },
    recordedAt: new Date('2025-01-15T04:00:00.000Z'),
  }));
}

const at = (n: number) => ({ commit: BigInt(n), prepare: BigInt(n) });
const orderEvent = { type: 'OrderPlaced', data: { requestId: 'R-1' }, stream: 'order-R-1' };

describe('the next Notify Aggregator Product Status (docs/dana-protocol.md §3.6, §4.3)', () => {
  it('tells a listed product as AVAILABLE or UNAVAILABLE, and a delisted one as DISCONTINUE', () => {
    const notice = nextProductStatusNotice(
      inAll(
        productListed({ productId: 'TSEL-10K', available: true }),
        productListed({ productId: 'TSEL-25K', available: false }),
        productDelisted('XL-5K'),
      ),
    );
    expect(notice).toEqual({
      productStatusList: [
        { productId: 'TSEL-10K', productStatus: 'AVAILABLE' },
        { productId: 'TSEL-25K', productStatus: 'UNAVAILABLE' },
        { productId: 'XL-5K', productStatus: 'DISCONTINUE' },
      ],
      through: at(3),
    });
  });

  it('tells each product once, with its newest status, where it first changed', () => {
    const notice = nextProductStatusNotice(
      inAll(
        productAvailabilityChanged(false, 'TSEL-10K'),
        productAvailabilityChanged(false, 'TSEL-25K'),
        productAvailabilityChanged(true, 'TSEL-10K'),
      ),
    );
    expect(notice?.productStatusList).toEqual([
      { productId: 'TSEL-10K', productStatus: 'AVAILABLE' },
      { productId: 'TSEL-25K', productStatus: 'UNAVAILABLE' },
    ]);
  });

  it('stops before an eleventh product, which the next notice starts with', () => {
    const events = inAll(
      ...Array.from({ length: 12 }, (_, index) => productAvailabilityChanged(false, `P-${index + 1}`)),
    );
    const first = nextProductStatusNotice(events)!;
    expect(first.productStatusList.map((status) => status.productId)).toEqual(
      Array.from({ length: 10 }, (_, index) => `P-${index + 1}`),
    );
    expect(first.through).toEqual(at(10));

    const second = nextProductStatusNotice(events.slice(10))!;
    expect(second.productStatusList.map((status) => status.productId)).toEqual(['P-11', 'P-12']);
    expect(second.through).toEqual(at(12));
  });

  it('still takes a change of a product it already holds once it holds ten', () => {
    const events = inAll(
      ...Array.from({ length: 10 }, (_, index) => productAvailabilityChanged(false, `P-${index + 1}`)),
      productAvailabilityChanged(true, 'P-3'),
    );
    const notice = nextProductStatusNotice(events)!;
    expect(notice.through).toEqual(at(11));
    expect(notice.productStatusList[2]).toEqual({ productId: 'P-3', productStatus: 'AVAILABLE' });
  });

  it('moves past price changes and other streams with nothing to tell', () => {
    expect(nextProductStatusNotice(inAll(productPriceChanged(1_025_000n, 1_030_000n), orderEvent))).toEqual({
      productStatusList: [],
      through: at(2),
    });
  });

  it("tells what a supplier's price list changed of the product, not of its offers", () => {
    expect(
      nextProductStatusNotice(
        inAll(
          offerAvailabilityChanged(false, 'seller_product_status is false'),
          productAvailabilityChanged(false, 'TSEL-10K', true),
          offerAvailabilityChanged(false, 'price Rp 10.100 is above maxCost Rp 10.000', { sku: 'TSEL10B' }),
        ),
      ),
    ).toEqual({
      productStatusList: [{ productId: 'TSEL-10K', productStatus: 'UNAVAILABLE' }],
      through: at(3),
    });
    expect(nextProductStatusNotice(inAll(offerAvailabilityChanged(true)))).toEqual({
      productStatusList: [],
      through: at(1),
    });
  });

  it('has nothing to say about no events', () => {
    expect(nextProductStatusNotice([])).toBeUndefined();
  });
});
