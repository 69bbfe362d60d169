import { Command } from '@nestjs/cqrs';
import type { CatalogDiff } from './catalog-diff';
import type { Product } from './product';

/**
 * Bring the catalog in line with `products` (a validated catalog file, docs/architecture.md §8):
 * kios's first start and `kios-cli catalog import` both issue it. Answered with what changed (or,
 * in a dry run, would change); refused as a whole with CatalogImportRefusedError.
 */
export class ImportCatalog extends Command<CatalogDiff> {
  constructor(
    readonly products: Product[],
    readonly options: {
      /** Who asked (the CLI run, the start-up import): correlation and causation id of every event. */
      correlationId: string;
      /** Delist listed products the file no longer contains; without it they are left alone. */
      delistMissing?: boolean;
      /** Work out the diff and append nothing. */
      dryRun?: boolean;
    },
  ) {
    super();
  }
}
