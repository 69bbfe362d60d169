import type { EventStore } from '@kios/event-store';
import { evolveProduct, initialProductState, type ProductState } from './product.decider';
import { decodeProductEvent, PRODUCT_STREAM_PREFIX } from './product.events';

/** Every product the store knows, by productId, folded from the `product-` streams in one pass. */
export async function knownProducts(store: EventStore): Promise<Map<string, ProductState>> {
  const states = new Map<string, ProductState>();
  for await (const event of store.readAll({ filter: { streamPrefixes: [PRODUCT_STREAM_PREFIX] } })) {
    const productId = event.stream.slice(PRODUCT_STREAM_PREFIX.length);
    const state = states.get(productId) ?? initialProductState;
    states.set(productId, evolveProduct(state, decodeProductEvent(event)));
  }
  return states;
}
