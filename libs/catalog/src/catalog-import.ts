import type { Clock } from '@kios/dana-protocol';
import { AggregateRepository, type EventMetadata, type EventStore } from '@kios/event-store';
import { type CatalogChange, type CatalogDiff, catalogChange } from './catalog-diff';
import type { Product } from './product';
import { knownProducts } from './known-products';
import {
  decideProduct,
  initialProductState,
  productDecider,
  type ProductCommand,
  type ProductState,
} from './product.decider';
import { decodeProductEvent, productStream, type ProductEvent } from './product.events';

export interface ImportCatalogOptions {
  clock: Clock;
  /** Who asked: e.g. the CLI run or the start-up import; causationId defaults to correlationId. */
  metadata: { correlationId: string; causationId?: string };
  /** Delist listed products the file no longer contains; without it they are left alone. */
  delistMissing?: boolean;
  /** Work out the diff and append nothing. */
  dryRun?: boolean;
}

export interface RefusedCatalogChange {
  productId: string;
  reason: string;
}

/**
 * The file asks for changes the product rules refuse (a delisted product back in the file, a type or
 * provider changed under the same productId). Nothing was appended: an import is all-or-nothing on
 * what it can know up front.
 */
export class CatalogImportRefusedError extends Error {
  override readonly name = 'CatalogImportRefusedError';
  constructor(readonly refused: RefusedCatalogChange[]) {
    super(`catalog import refused, nothing appended:\n${refused.map((r) => `  - ${r.reason}`).join('\n')}`);
  }
}

interface PlannedCommand {
  productId: string;
  command: ProductCommand;
  events: ProductEvent[];
  /** Whether the command comes from a catalog entry (not a delisting of a missing product). */
  fromFile: boolean;
}

function plan(
  products: Product[],
  known: Map<string, ProductState>,
  delistMissing: boolean,
): { planned: PlannedCommand[]; refused: RefusedCatalogChange[] } {
  const commands: Omit<PlannedCommand, 'events'>[] = products.map((product) => ({
    productId: product.productId,
    command: { type: 'SyncProduct', data: { product } },
    fromFile: true,
  }));
  if (delistMissing) {
    const inFile = new Set(products.map((product) => product.productId));
    const missing = [...known]
      .filter(([productId, state]) => state.status === 'listed' && !inFile.has(productId))
      .map(([productId]) => productId)
      .sort();
    for (const productId of missing) {
      commands.push({ productId, command: { type: 'DelistProduct', data: { productId } }, fromFile: false });
    }
  }
  const planned: PlannedCommand[] = [];
  const refused: RefusedCatalogChange[] = [];
  for (const command of commands) {
    try {
      const events = decideProduct(command.command, known.get(command.productId) ?? initialProductState);
      planned.push({ ...command, events });
    } catch (error) {
      refused.push({ productId: command.productId, reason: (error as Error).message });
    }
  }
  return { planned, refused };
}

function diffOf(
  planned: PlannedCommand[],
  eventsOf: (command: PlannedCommand) => ProductEvent[],
  dryRun: boolean,
): CatalogDiff {
  const changes: CatalogChange[] = [];
  let unchanged = 0;
  for (const command of planned) {
    const events = eventsOf(command);
    if (events.length === 0 && command.fromFile) unchanged += 1;
    changes.push(...events.map(catalogChange));
  }
  return { changes, unchanged, dryRun };
}

/**
 * Brings the product streams in line with a validated catalog (docs/architecture.md §8): only differences
 * are appended, so importing the same file twice appends nothing. Each change is re-decided on the
 * stream as it is when appended, so a concurrent admin change is never overwritten blindly.
 */
export async function importCatalog(
  store: EventStore,
  products: Product[],
  options: ImportCatalogOptions,
): Promise<CatalogDiff> {
  const known = await knownProducts(store);
  const { planned, refused } = plan(products, known, options.delistMissing ?? false);
  if (refused.length > 0) throw new CatalogImportRefusedError(refused);
  if (options.dryRun) return diffOf(planned, (command) => command.events, true);

  const repository = new AggregateRepository(store);
  const metadata: EventMetadata = {
    correlationId: options.metadata.correlationId,
    causationId: options.metadata.causationId ?? options.metadata.correlationId,
    recordedAt: options.clock.now().toISOString(),
  };
  const appended = new Map<PlannedCommand, ProductEvent[]>();
  for (const command of planned.filter((candidate) => candidate.events.length > 0)) {
    const handled = await repository.handle(
      productStream(command.productId),
      productDecider,
      (state) => decideProduct(command.command, state),
      metadata,
    );
    appended.set(
      command,
      handled.newEvents.map((event) => decodeProductEvent(event)),
    );
  }
  return diffOf(planned, (command) => appended.get(command) ?? [], false);
}
