import { idr, requiresProvider } from '@kios/dana-protocol';
import type { ListedProduct, Product } from '@kios/catalog';
import type { DataSource } from 'typeorm';
import { jsonTextColumn } from '../column-transformers';
import { ProductRow } from './product.row';

export interface ProductQuery {
  type: string;
  provider?: string;
}

const RAW_COLUMNS = [
  'product_id',
  'type',
  'provider',
  'name',
  'module',
  'price_minor',
  'available',
  'destination',
  'pricing',
  'delivery',
] as const;

type RawProductRow = Record<(typeof RAW_COLUMNS)[number], string> & { available: boolean | number };

/** SQLite answers booleans as 0/1, PostgreSQL as true/false. */
function fromRaw(row: RawProductRow): ListedProduct {
  return {
    productId: row.product_id,
    type: row.type,
    provider: row.provider,
    name: row.name,
    module: row.module as Product['module'],
    price: idr(row.price_minor),
    available: row.available === true || row.available === 1,
    destination: jsonTextColumn.from(row.destination),
    pricing: row.pricing as Product['pricing'],
    delivery: row.delivery as Product['delivery'],
  };
}

function byPriceThenId(a: ListedProduct, b: ListedProduct): number {
  if (a.price.minor !== b.price.minor) return a.price.minor < b.price.minor ? -1 : 1;
  return a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0;
}

/**
 * Queries over the `product` projection. Delisted products are gone for good (DANA DISCONTINUE). It
 * keeps no offers: Create Order reads the product, offers and all, from its stream.
 */
export class ProductReadModel {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Every listed product of a type (and provider, when the type has providers: docs/dana-protocol.md §3.1), unavailable
   * ones included so DANA can disable them, cheapest first, ties by productId.
   */
  async list(query: ProductQuery): Promise<ListedProduct[]> {
    const select = this.listed().andWhere('product.type = :type', { type: query.type });
    if (query.provider !== undefined && requiresProvider(query.type)) {
      select.andWhere('product.provider = :provider', { provider: query.provider });
    }
    const rows: RawProductRow[] = await select.getRawMany();
    // Sorted here: price_minor is text, and SQL collations differ between SQLite and PostgreSQL.
    return rows.map(fromRaw).sort(byPriceThenId);
  }

  /** A listed product (available or not); undefined when unknown or delisted. */
  async get(productId: string): Promise<ListedProduct | undefined> {
    const row: RawProductRow | undefined = await this.listed()
      .andWhere('product.product_id = :productId', { productId })
      .getRawOne();
    return row ? fromRaw(row) : undefined;
  }

  /** Raw rows of listed products: DANA lists hundreds per call, and hydrating entities costs more than the query. */
  private listed() {
    return this.dataSource
      .getRepository(ProductRow)
      .createQueryBuilder('product')
      .select(RAW_COLUMNS.map((column) => `product.${column} AS "${column}"`))
      .where('product.delisted = :delisted', { delisted: false });
  }
}
