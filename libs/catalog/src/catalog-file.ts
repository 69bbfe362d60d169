import { readFile } from 'node:fs/promises';
import { idr, isValidMinorUnits } from '@kios/dana-protocol';
import type { Delivery, DestinationShape, Module, Offer, Pricing, Product } from './product';
import { isAcceptablePrice, offerProblems } from './offer-rules';

/**
 * The catalog file: a JSON array of products, or `{ "products": [...] }`. One entry:
 * `{ productId, type, provider, name, module, price: { value, currency }, availability,
 *    destination: { kind, zone? }, pricing, delivery, offers? }` — the DANA product object
 * (docs/dana-protocol.md §3.0) plus what kios needs to sell it. `type` and `provider` are opaque strings
 * (docs/dana-protocol.md §4.1/§4.2). `offers` links the product to supplier products, in the order to try:
 * `[{ supplier, sku, maxCost: { value, currency }, priority? }]` (`maxCost` in minor units, fixed-price
 * products only; the rules are `offerProblems` in offer-rules.ts; `priority`, 1-1000, lower routed first).
 */
export class CatalogFileError extends Error {
  override readonly name = 'CatalogFileError';
  constructor(
    readonly problems: string[],
    source = 'catalog',
  ) {
    super(`${source} is invalid:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

const MODULES: readonly Module[] = ['telco', 'biller', 'games'];
const PRICINGS: readonly Pricing[] = ['fixed', 'bill'];
const DELIVERIES: readonly Delivery[] = ['serial', 'token', 'voucher'];
const DESTINATION_KINDS: readonly DestinationShape['kind'][] = [
  'phone',
  'electricity_meter',
  'customer_id',
  'game_account',
  'none',
];
const ENTRY_FIELDS = [
  'productId',
  'type',
  'provider',
  'name',
  'module',
  'price',
  'availability',
  'destination',
  'pricing',
  'delivery',
  'offers',
];
const OFFER_FIELDS = ['supplier', 'sku', 'maxCost', 'priority'];
/** An offer's routing priority: a whole number, lower tried first. */
const MAX_PRIORITY = 1000;

/** productId becomes part of a stream name and goes back to DANA (1-64 chars, docs/dana-protocol.md §3.0). */
const PRODUCT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** A supplier's name in kios, as its adapter is known: `digiflazz`. */
const SUPPLIER = /^[a-z][a-z0-9-]{0,31}$/;
/** A supplier's product code, such as Digiflazz's buyer_sku_code. */
const SKU = /^[A-Za-z0-9_-]{1,64}$/;

type Fields = Record<string, unknown>;

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Collects every problem of one entry, each prefixed with the entry's label. */
class EntryCheck {
  readonly problems: string[] = [];
  constructor(private readonly label: string) {}

  problem(text: string): void {
    this.problems.push(`${this.label}: ${text}`);
  }

  required(field: string, value: unknown): value is NonNullable<unknown> {
    if (value === undefined || value === null) this.problem(`${field} is required`);
    return value !== undefined && value !== null;
  }

  text(field: string, value: unknown, maxLength: number): string {
    if (!this.required(field, value)) return '';
    if (typeof value !== 'string' || value === '' || value.length > maxLength || value.trim() !== value) {
      this.problem(`${field} must be a string of 1-${maxLength} characters without surrounding spaces`);
      return '';
    }
    return value;
  }

  oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
    if (!this.required(field, value)) return allowed[0];
    if (!allowed.includes(value as T)) {
      this.problem(`${field} must be one of ${allowed.join(', ')}`);
      return allowed[0];
    }
    return value as T;
  }

  flag(field: string, value: unknown): boolean {
    if (this.required(field, value) && typeof value !== 'boolean')
      this.problem(`${field} must be true or false`);
    return value === true;
  }
}

function checkMoney(check: EntryCheck, field: string, value: unknown): Product['price'] {
  if (!check.required(field, value)) return idr(0);
  if (!isObject(value)) {
    check.problem(`${field} must be an object { value, currency }`);
    return idr(0);
  }
  if (value.currency !== 'IDR') check.problem(`${field}.currency must be IDR`);
  if (!isValidMinorUnits(value.value)) {
    check.problem(`${field}.value must be 1-19 digits (minor units)`);
    return idr(0);
  }
  return idr(value.value);
}

function checkPrice(check: EntryCheck, value: unknown): Product['price'] {
  return checkMoney(check, 'price', value);
}

function checkOffer(check: EntryCheck, field: string, value: unknown): Offer | undefined {
  if (!isObject(value)) {
    check.problem(`${field} must be an object { supplier, sku, maxCost }`);
    return undefined;
  }
  for (const key of Object.keys(value).filter((key) => !OFFER_FIELDS.includes(key))) {
    check.problem(`${field}.${key} is not a field of an offer`);
  }
  const before = check.problems.length;
  const supplier = check.text(`${field}.supplier`, value.supplier, 32);
  if (supplier !== '' && !SUPPLIER.test(supplier)) {
    check.problem(`${field}.supplier must start with a lowercase letter and use only a-z, 0-9 and '-'`);
  }
  const sku = check.text(`${field}.sku`, value.sku, 64);
  if (sku !== '' && !SKU.test(sku)) check.problem(`${field}.sku must use only letters, digits, '_' and '-'`);
  // Whether the offer needs a maxCost depends on the product's pricing: offerProblems says.
  const maxCost =
    value.maxCost === undefined ? undefined : checkMoney(check, `${field}.maxCost`, value.maxCost);
  const { priority } = value;
  if (
    priority !== undefined &&
    !(Number.isSafeInteger(priority) && (priority as number) >= 1 && (priority as number) <= MAX_PRIORITY)
  ) {
    check.problem(`${field}.priority must be a whole number from 1 to ${MAX_PRIORITY}`);
  }
  if (check.problems.length > before) return undefined;
  return {
    supplier,
    sku,
    ...(maxCost === undefined ? {} : { maxCost }),
    ...(priority === undefined ? {} : { priority: priority as number }),
  };
}

function checkOffers(check: EntryCheck, value: unknown): Offer[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    check.problem('offers must be an array of { supplier, sku, maxCost }');
    return [];
  }
  const offers = value.map((offer, index) => checkOffer(check, `offers[${index}]`, offer));
  return offers.filter((offer): offer is Offer => offer !== undefined);
}

function checkDestination(check: EntryCheck, value: unknown): DestinationShape {
  if (!check.required('destination', value)) return { kind: 'none' };
  if (!isObject(value)) {
    check.problem('destination must be an object { kind }');
    return { kind: 'none' };
  }
  const kind = check.oneOf('destination.kind', value.kind, DESTINATION_KINDS);
  const allowedKeys = kind === 'game_account' ? ['kind', 'zone'] : ['kind'];
  for (const key of Object.keys(value).filter((key) => !allowedKeys.includes(key))) {
    check.problem(`destination.${key} is not a field of a ${kind} destination`);
  }
  if (kind === 'game_account') return { kind, zone: check.flag('destination.zone', value.zone) };
  return { kind };
}

function entryLabel(entry: unknown, index: number): string {
  const productId = isObject(entry) ? entry.productId : undefined;
  return (
    `product #${index + 1}` + (typeof productId === 'string' && productId !== '' ? ` (${productId})` : '')
  );
}

function checkEntry(entry: unknown, label: string): { product?: Product; problems: string[] } {
  if (!isObject(entry)) return { problems: [`${label}: must be an object`] };
  const check = new EntryCheck(label);
  for (const field of Object.keys(entry).filter((key) => !ENTRY_FIELDS.includes(key))) {
    check.problem(`unknown field "${field}"`);
  }
  const productId = check.text('productId', entry.productId, 64);
  if (productId !== '' && !PRODUCT_ID.test(productId)) {
    check.problem(
      `productId must start with a letter or digit and use only letters, digits, '.', '_' or '-'`,
    );
  }
  const product: Product = {
    productId,
    type: check.text('type', entry.type, 32),
    provider: check.text('provider', entry.provider, 32),
    name: check.text('name', entry.name, 100),
    module: check.oneOf('module', entry.module, MODULES),
    price: checkPrice(check, entry.price),
    available: check.flag('availability', entry.availability),
    destination: checkDestination(check, entry.destination),
    pricing: check.oneOf('pricing', entry.pricing, PRICINGS),
    delivery: check.oneOf('delivery', entry.delivery, DELIVERIES),
    offers: checkOffers(check, entry.offers),
  };
  if (check.problems.length === 0 && !isAcceptablePrice(product.pricing, product.price)) {
    check.problem('price.value must be above 0 for fixed pricing');
  }
  if (check.problems.length === 0) offerProblems(product).forEach((problem) => check.problem(problem));
  return check.problems.length === 0 ? { product, problems: [] } : { problems: check.problems };
}

/** A productId listed twice is ambiguous whatever else is wrong with either entry. */
function duplicateProblems(entries: unknown[]): string[] {
  const firstIndexOf = new Map<string, number>();
  const problems: string[] = [];
  entries.forEach((entry, index) => {
    const productId = isObject(entry) ? entry.productId : undefined;
    if (typeof productId !== 'string') return;
    const first = firstIndexOf.get(productId);
    if (first === undefined) firstIndexOf.set(productId, index);
    else problems.push(`${entryLabel(entry, index)}: productId duplicates product #${first + 1}`);
  });
  return problems;
}

/** Validates a parsed catalog document; throws a CatalogFileError listing every problem. */
export function parseCatalog(document: unknown, source?: string): Product[] {
  const entries = Array.isArray(document) ? document : isObject(document) ? document.products : undefined;
  if (!Array.isArray(entries)) {
    throw new CatalogFileError(
      ['must be a JSON array of products or an object { "products": [...] }'],
      source,
    );
  }
  const checked = entries.map((entry, index) => checkEntry(entry, entryLabel(entry, index)));
  const problems = [...checked.flatMap((result) => result.problems), ...duplicateProblems(entries)];
  if (problems.length > 0) throw new CatalogFileError(problems, source);
  return checked.map((result) => result.product as Product);
}

export function parseCatalogJson(text: string, source?: string): Product[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new CatalogFileError([`not valid JSON: ${(error as Error).message}`], source);
  }
  return parseCatalog(document, source);
}

export async function readCatalogFile(path: string): Promise<Product[]> {
  return parseCatalogJson(await readFile(path, 'utf8'), path);
}
