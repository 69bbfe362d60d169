import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ImportCatalog, PRODUCT_STREAM_PREFIX, readCatalogFile } from '@kios/catalog';
import { EVENT_STORE, type EventStore } from '@kios/event-store';
import { KIOS_CONFIG, type KiosConfig } from '../config/kios-config';

/**
 * The first start of kios lists the configured (or the sample) catalog; later starts leave products
 * alone. It issues ImportCatalog, as `kios-cli catalog import` does; the handlers are on the
 * CommandBus by now (CatalogModule imports them, so their module is bootstrapped before this one).
 * A `--role worker` process leaves it to the API process, which starts first.
 */
@Injectable()
export class CatalogBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('Catalog');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(KIOS_CONFIG) private readonly config: KiosConfig,
    private readonly commands: CommandBus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.role === 'worker') return;
    for await (const _ of this.store.readAll({
      filter: { streamPrefixes: [PRODUCT_STREAM_PREFIX] },
      maxCount: 1,
    })) {
      return;
    }
    const products = await readCatalogFile(this.config.catalogFile);
    const diff = await this.commands.execute(
      new ImportCatalog(products, { correlationId: `catalog-bootstrap-${randomUUID()}` }),
    );
    this.logger.log(`first start: listed ${diff.changes.length} products from ${this.config.catalogFile}`);
  }
}
