import { readFileSync } from 'node:fs';
import defaultSeed from '../../seed/price-list.json';

/** One prepaid product as `/v1/price-list` `{cmd: "prepaid"}` lists it; prices are whole rupiah. */
export interface PrepaidProduct {
  product_name: string;
  category: string;
  brand: string;
  type: string;
  seller_name: string;
  price: number;
  buyer_sku_code: string;
  buyer_product_status: boolean;
  seller_product_status: boolean;
  unlimited_stock: boolean;
  stock: number;
  multi: boolean;
  start_cut_off: string;
  end_cut_off: string;
  desc: string;
}

/** One postpaid product as `{cmd: "pasca"}` lists it: an admin fee and the buyer's commission instead of a price. */
export interface PostpaidProduct {
  product_name: string;
  category: string;
  brand: string;
  seller_name: string;
  admin: number;
  commission: number;
  buyer_sku_code: string;
  buyer_product_status: boolean;
  seller_product_status: boolean;
  desc: string;
}

/**
 * The seed file (seed/price-list.json by default): the starting deposit and both price lists. An
 * entry may carry `kios_product_id`, the kios catalog product it supplies; it is never sent.
 */
export interface Seed {
  deposit: number;
  prepaid: (PrepaidProduct & { kios_product_id?: string })[];
  pasca: (PostpaidProduct & { kios_product_id?: string })[];
}

export type Product = { kind: 'prepaid'; entry: PrepaidProduct } | { kind: 'pasca'; entry: PostpaidProduct };

/** What `/_control/mode` may change about a product while the simulator runs. */
export type ProductChange = Partial<
  Pick<
    PrepaidProduct,
    'buyer_product_status' | 'seller_product_status' | 'price' | 'stock' | 'unlimited_stock'
  >
> &
  Partial<Pick<PostpaidProduct, 'admin' | 'commission'>>;

export const DEFAULT_SEED: Seed = defaultSeed;

export function readSeedFile(path: string): Seed {
  const seed = JSON.parse(readFileSync(path, 'utf8')) as Seed;
  if (!Array.isArray(seed.prepaid) || !Array.isArray(seed.pasca) || typeof seed.deposit !== 'number') {
    throw new Error(`${path}: a seed file is {"deposit": <rupiah>, "prepaid": [...], "pasca": [...]}`);
  }
  return seed;
}

/** Strips the fields Digiflazz does not send (`kios_product_id`). */
function listed<T extends { kios_product_id?: string }>(entry: T): Omit<T, 'kios_product_id'> {
  const { kios_product_id: _link, ...rest } = entry;
  return rest;
}

const FILTERS = ['code', 'category', 'brand', 'type'] as const;
export type PriceListFilter = Partial<Record<(typeof FILTERS)[number], string>>;

/** The products by buyer_sku_code, changeable at run time and restorable to the seed. */
export class PriceList {
  private readonly products = new Map<string, Product>();

  constructor(private readonly seed: Seed) {
    this.restore();
  }

  restore(): void {
    this.products.clear();
    for (const entry of this.seed.prepaid) {
      this.products.set(entry.buyer_sku_code, { kind: 'prepaid', entry: listed(entry) });
    }
    for (const entry of this.seed.pasca) {
      this.products.set(entry.buyer_sku_code, { kind: 'pasca', entry: listed(entry) });
    }
  }

  find(sku: string): Product | undefined {
    return this.products.get(sku);
  }

  /** Unknown SKUs are an error: a test that changes a product it misspelt should hear of it. */
  change(sku: string, change: ProductChange): void {
    const product = this.products.get(sku);
    if (!product) throw new RangeError(`no product with buyer_sku_code ${JSON.stringify(sku)}`);
    Object.assign(product.entry, change);
  }

  /** Takes one from a limited stock. */
  takeStock(sku: string): void {
    const product = this.products.get(sku);
    if (product?.kind === 'prepaid' && !product.entry.unlimited_stock) {
      product.entry.stock = Math.max(0, product.entry.stock - 1);
    }
  }

  /** The `data` of a price-list answer: copies, filtered like Digiflazz's optional fields. */
  list(kind: Product['kind'], filter: PriceListFilter = {}): (PrepaidProduct | PostpaidProduct)[] {
    const matches = (entry: Record<string, unknown>) =>
      FILTERS.every((field) => {
        const wanted = filter[field];
        if (wanted === undefined) return true;
        const value = field === 'code' ? entry.buyer_sku_code : entry[field];
        return typeof value === 'string' && value.toLowerCase() === wanted.toLowerCase();
      });
    return [...this.products.values()]
      .filter((product) => product.kind === kind)
      .map((product) => ({ ...product.entry }))
      .filter((entry) => matches(entry as unknown as Record<string, unknown>));
  }
}

export function priceListFilter(body: Record<string, unknown>): PriceListFilter {
  const filter: PriceListFilter = {};
  for (const field of FILTERS) {
    if (typeof body[field] === 'string') filter[field] = body[field] as string;
  }
  return filter;
}
