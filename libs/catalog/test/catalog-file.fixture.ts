/** What the catalog file specs share: a valid entry to override, the problems a document is refused for. */
import { join } from 'node:path';
import { CatalogFileError, parseCatalog } from '../src/catalog-file';

export const SAMPLE_CATALOG = join(__dirname, '../../../catalog/sample-catalog.json');

export function entry(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    productId: 'TSEL-10K',
    type: 'MOBILE_CREDIT',
    provider: 'telkomsel',
    name: 'Telkomsel Pulsa 10.000',
    module: 'telco',
    price: { value: '1025000', currency: 'IDR' },
    availability: true,
    destination: { kind: 'phone' },
    pricing: 'fixed',
    delivery: 'serial',
    ...overrides,
  };
}

export function problemsOf(document: unknown): string[] {
  try {
    parseCatalog(document);
  } catch (error) {
    if (error instanceof CatalogFileError) return error.problems;
    throw error;
  }
  throw new Error('the catalog was accepted');
}
