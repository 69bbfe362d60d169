import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '@kios/dana-protocol';
import { EVENT_STORE, type EventStore } from '@kios/event-store';
import type { CatalogDiff } from './catalog-diff';
import { importCatalog } from './catalog-import';
import { ImportCatalog } from './import-catalog.command';

/** Imports the catalog into the product streams (importCatalog: only differences are appended). */
@CommandHandler(ImportCatalog)
export class ImportCatalogHandler implements ICommandHandler<ImportCatalog, CatalogDiff> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ products, options }: ImportCatalog): Promise<CatalogDiff> {
    return importCatalog(this.store, products, {
      clock: this.clock,
      metadata: { correlationId: options.correlationId },
      delistMissing: options.delistMissing ?? false,
      dryRun: options.dryRun ?? false,
    });
  }
}
