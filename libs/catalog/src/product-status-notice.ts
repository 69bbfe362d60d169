import { MAX_PRODUCT_STATUSES_PER_NOTIFY, type ProductStatus } from '@kios/dana-protocol';
import type { Position, RecordedEvent } from '@kios/event-store';
import { decodeProductEvent, type ProductEvent } from './product.events';

export interface ProductStatusChange {
  productId: string;
  productStatus: ProductStatus;
}

/**
 * The ProductStatusEnum value DANA is to hear after a product event (docs/dana-protocol.md §4.3), undefined for one
 * that changes nothing DANA acts on (a price change: DANA reads prices from Get List of Product; an
 * offers change or one offer's availability: which supplier kios buys from is kios's own business,
 * and a ProductAvailabilityChanged follows whenever it changes what DANA is offered).
 * Delisting is final in kios (the product decider refuses to list it again), so it is DISCONTINUE,
 * which is final on DANA's side too.
 */
export function productStatusAfter(event: ProductEvent): ProductStatusChange | undefined {
  switch (event.type) {
    case 'ProductListed':
    case 'ProductAvailabilityChanged':
      return {
        productId: event.data.productId,
        productStatus: event.data.available ? 'AVAILABLE' : 'UNAVAILABLE',
      };
    case 'ProductDelisted':
      return { productId: event.data.productId, productStatus: 'DISCONTINUE' };
    case 'ProductPriceChanged':
    case 'ProductOffersChanged':
    case 'ProductOfferAvailabilityChanged':
      return undefined;
  }
}

/** One Notify Aggregator Product Status to send, and the last event of `$all` it accounts for. */
export interface ProductStatusNotice {
  /** The newest status of each product that changed, in the order they first changed; at most 10. */
  productStatusList: ProductStatusChange[];
  /** Everything up to here is told once DANA accepts the notice (events of other streams included). */
  through: Position;
}

/**
 * The next notice from `events` (in `$all` order, after the last one DANA accepted): each product
 * once, with its newest status, and no more products than one call takes (docs/dana-protocol.md §3.6). It stops
 * before the event that would bring an eleventh product, which then starts the next notice.
 * Undefined when `events` is empty; a notice with an empty list only moves past events that change
 * no product status.
 */
export function nextProductStatusNotice(events: readonly RecordedEvent[]): ProductStatusNotice | undefined {
  const statuses = new Map<string, ProductStatusChange>();
  let through: Position | undefined;
  for (const event of events) {
    const change = decodeProductEvent.knows(event.type)
      ? productStatusAfter(decodeProductEvent(event))
      : undefined;
    if (change) {
      if (!statuses.has(change.productId) && statuses.size === MAX_PRODUCT_STATUSES_PER_NOTIFY) break;
      statuses.set(change.productId, change);
    }
    through = event.position;
  }
  return through && { productStatusList: [...statuses.values()], through };
}
