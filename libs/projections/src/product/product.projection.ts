import {
  isProductEvent,
  PRODUCT_EVENT_TYPES,
  type ProductEvent,
  productFromData,
  type ProductData,
} from '@kios/catalog';
import type { RecordedEvent } from '@kios/event-store';
import type { EntityManager } from 'typeorm';
import type { Projection } from '../projection';
import { appliedBefore, missingRowError } from '../row-revision';
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
  }
}

/** The `product` table behind Get List of Product (SPEC §3.1) and order validation. */
export const productProjection: Projection = {
  name: 'product',
  eventTypes: PRODUCT_EVENT_TYPES,
  entities: [ProductRow],
  migrations: [CreateProductTable1736900000100],

  async apply(recorded: RecordedEvent, tx: EntityManager): Promise<void> {
    const event = { type: recorded.type, data: recorded.data } as ProductEvent;
    if (!isProductEvent(event)) return;
    const rows = tx.getRepository(ProductRow);
    const productId = event.data.productId;
    const row = await rows.findOneBy({ productId });
    if (appliedBefore(row, recorded)) return;

    if (event.type === 'ProductListed') {
      await rows.save(listedRow(event.data, recorded));
      return;
    }
    if (!row) throw missingRowError(recorded, `product ${productId}`);
    await rows.update(
      { productId },
      { ...changedColumns(event), revision: recorded.revision, updatedAt: recorded.recordedAt.toISOString() },
    );
  },
};
