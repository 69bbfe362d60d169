import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { importCatalog, PRODUCT_STREAM_PREFIX, readCatalogFile } from '@kios/catalog';
import { CLOCK, type Clock } from '@kios/dana-protocol';
import { EVENT_STORE, type EventStore } from '@kios/event-store';
import { KIOS_CONFIG, type KiosConfig } from '../config/kios-config';

/** The first start of kios lists the configured (or the sample) catalog; later starts leave products alone. */
@Injectable()
export class CatalogBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('Catalog');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(KIOS_CONFIG) private readonly config: KiosConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for await (const _ of this.store.readAll({
      filter: { streamPrefixes: [PRODUCT_STREAM_PREFIX] },
      maxCount: 1,
    })) {
      return;
    }
    const products = await readCatalogFile(this.config.catalogFile);
    const diff = await importCatalog(this.store, products, {
      clock: this.clock,
      metadata: { correlationId: `catalog-bootstrap-${randomUUID()}` },
    });
    this.logger.log(`first start: listed ${diff.changes.length} products from ${this.config.catalogFile}`);
  }
}
