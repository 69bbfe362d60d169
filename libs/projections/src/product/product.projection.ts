import {
  decodeProductEvent,
  PRODUCT_EVENT_TYPES,
  type ProductEvent,
  productFromData,
  type ProductData,
} from '@kios/catalog';
import type { RecordedEvent } from '@kios/event-store';
import { foldedProjection, stateIsRow } from '../row-fold';
import { missingRowError } from '../row-revision';
import { CreateProductTable1736900000100 } from './product.migration';
import { ProductRow } from './product.row';

function listedRow(data: ProductData, event: RecordedEvent): ProductRow {
  const product = productFromData(data);
  return Object.assign(new ProductRow(), {
    productId: product.productId,
    type: product.type,
    provider: product.provider,
    name: product.name,
    module: product.module,
    priceMinor: product.price.minor.toString(),
    currency: product.price.currency,
    available: product.available,
    delisted: false,
    destination: product.destination,
    pricing: product.pricing,
    delivery: product.delivery,
    revision: event.revision,
    updatedAt: event.recordedAt.toISOString(),
  });
}

function changedColumns(event: ProductEvent): Partial<ProductRow> {
  switch (event.type) {
    case 'ProductListed':
      throw new Error('a listing replaces the whole row');
    case 'ProductPriceChanged':
      return { priceMinor: event.data.price.value, currency: event.data.price.currency };
    case 'ProductAvailabilityChanged':
      return { available: event.data.available };
    case 'ProductDelisted':
      return { delisted: true };
    case 'ProductOffersChanged':
    case 'ProductOfferAvailabilityChanged':
      return {}; // Get List of Product shows no offers; Create Order reads them from the product's stream
  }
}

/** The `product` table behind Get List of Product (docs/dana-protocol.md §3.1) and order validation. */
export const productProjection = foldedProjection<ProductRow, ProductRow, ProductEvent>({
  name: 'product',
  eventTypes: PRODUCT_EVENT_TYPES,
  migrations: [CreateProductTable1736900000100],
  fold: {
    entity: ProductRow,
    key: 'productId',
    decode: decodeProductEvent,
    keyOf: (event) => event.data.productId,
    evolve(row, event, recorded) {
      if (event.type === 'ProductListed') return listedRow(event.data, recorded);
      if (!row) throw missingRowError(recorded, `product ${event.data.productId}`);
      return {
        ...row,
        ...changedColumns(event),
        revision: recorded.revision,
        updatedAt: recorded.recordedAt.toISOString(),
      };
    },
    ...stateIsRow,
  },
});
