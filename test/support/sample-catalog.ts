import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A product of the bundled sample catalog, as the file has it. */
export interface SampleCatalogEntry {
  productId: string;
  type: string;
  provider: string;
  price: { value: string; currency: string };
  availability: boolean;
}

const document = JSON.parse(readFileSync(join(__dirname, '../../catalog/sample-catalog.json'), 'utf8'));

/** What kios lists on its first start. */
export const sampleProducts: SampleCatalogEntry[] = Array.isArray(document) ? document : document.products;

/** Writes the sample catalog with `change` made to each product to `file`, for `kios-cli catalog import`. */
export function writeChangedSampleCatalog(
  file: string,
  change: (product: SampleCatalogEntry) => SampleCatalogEntry,
): void {
  const changed = sampleProducts.map(change);
  writeFileSync(file, JSON.stringify(Array.isArray(document) ? changed : { ...document, products: changed }));
}
