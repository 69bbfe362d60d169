import { idr } from '@kios/dana-protocol';
import { productQueryIgnoresProvider, type Product } from '@kios/catalog';
import type { DataSource } from 'typeorm';
import { ProductRow } from './product.row';

export interface ProductQuery {
  type: string;
  provider?: string;
}

function toProduct(row: ProductRow): Product {
  return {
    productId: row.productId,
    type: row.type,
    provider: row.provider,
    name: row.name,
    module: row.module,
    price: idr(row.priceMinor),
    available: row.available,
    destination: row.destination,
    pricing: row.pricing,
    delivery: row.delivery,
  };
}

function byPriceThenId(a: Product, b: Product): number {
  if (a.price.minor !== b.price.minor) return a.price.minor < b.price.minor ? -1 : 1;
  return a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0;
}

/** Queries over the `product` projection. Delisted products are gone for good (DANA DISCONTINUE). */
export class ProductReadModel {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Every listed product of a type (and provider, when the type has providers: SPEC §3.1), unavailable
   * ones included so DANA can disable them, cheapest first, ties by productId.
   */
  async list(query: ProductQuery): Promise<Product[]> {
    const byProvider = query.provider !== undefined && !productQueryIgnoresProvider(query.type);
    const rows = await this.dataSource.getRepository(ProductRow).findBy({
      type: query.type,
      delisted: false,
      ...(byProvider ? { provider: query.provider } : {}),
    });
    // Sorted here: price_minor is text, and SQL collations differ between SQLite and PostgreSQL.
    return rows.map(toProduct).sort(byPriceThenId);
  }

  /** A listed product (available or not); undefined when unknown or delisted. */
  async get(productId: string): Promise<Product | undefined> {
    const row = await this.dataSource.getRepository(ProductRow).findOneBy({ productId, delisted: false });
    return row ? toProduct(row) : undefined;
  }
}
