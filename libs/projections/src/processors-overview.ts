import { type Clock, formatDanaTime } from '@kios/dana-protocol';
import {
  ANCHOR_WRITER,
  checkpointToPosition,
  type EventStore,
  lastAnchor,
  type Lease,
  openLeaseStore,
  type Position,
  positionToCheckpoint,
} from '@kios/event-store';
import { loadCheckpoint } from './checkpoint/projection-checkpoints';
import { kiosProjections } from './kios-projections';
import { measureLag, type ProjectionLag } from './projection-lag';
import { reactorBacklog, type ReactorBacklog } from './reactor-backlog';
import { openRebuildSite } from './rebuild/open-rebuild-site';
import { describeProjections } from './rebuild/projection-overview';

/** Events counted before a lag is shown as "at least", as describeProjections counts. */
const LAG_COUNT_LIMIT = 100_000;

/** One background processor as the stores show it, whichever process runs it. */
export interface ProcessorOverview {
  name: string;
  kind: 'projection' | 'reactor';
  /** The lease as stored; a holder whose lease ended holds nothing. */
  lease?: Lease;
  /**
   * The lease when it was live at the moment the leases were read: its holder runs the processor.
   * Judged then rather than after the lag counts, which on a loaded machine would show a live lease
   * as ended.
   */
  holding?: Lease;
  checkpoint?: string;
  lag?: ProjectionLag;
  pending?: ReactorBacklog;
}

export interface ProcessorsOverview {
  processors: ProcessorOverview[];
  /** False when the leases live inside each kios process (`memory:`): no holder to show. */
  leasesShared: boolean;
}

export interface DescribeProcessorsOptions {
  store: EventStore;
  eventStoreUrl: string;
  readModelUrl: string;
  clock: Clock;
  backlog: { createOrderBudgetMs: number; firstCheckMs: number };
}

/**
 * Every background processor of kios (docs/architecture.md §1 "Leases"), read from the stores as
 * `kios-cli processors status` and GET /admin/processors show it: each projection with its
 * checkpoint and lag, each reactor a replica took the lease of with its checkpoint (when it keeps
 * one) and the work waiting in its read model, and every lease as stored.
 */
export async function describeProcessors(options: DescribeProcessorsOptions): Promise<ProcessorsOverview> {
  const { store, clock } = options;
  const site = await openRebuildSite(options.readModelUrl, kiosProjections);
  const leases = await openLeaseStore(options.eventStoreUrl, clock);
  try {
    const held = new Map((await leases.store.list()).map((lease) => [lease.name, lease]));
    const readAt = clock.now();
    const withLease = (lease: Lease | undefined) =>
      lease && { lease, ...(lease.expiresAt > readAt && { holding: lease }) };
    // A projection's checkpoint and lag as `projections status` computes them.
    const processors: ProcessorOverview[] = (
      await describeProjections(store, site, kiosProjections, clock)
    ).map((overview) => ({ ...overview, kind: 'projection', ...withLease(held.get(overview.name)) }));
    for (const lease of held.values()) {
      if (processors.some((processor) => processor.name === lease.name)) continue;
      // The product status notifier keeps its checkpoint beside the projections'; the anchor writer's
      // is its last anchor's position; the other reactors keep none.
      const checkpoint =
        lease.name === ANCHOR_WRITER
          ? await anchoredPosition(store)
          : await loadCheckpoint(site.live, lease.name);
      const pending = await reactorBacklog(lease.name, site.live, clock.now(), options.backlog);
      processors.push({
        name: lease.name,
        kind: 'reactor',
        ...withLease(lease),
        ...(pending && { pending }),
        ...(checkpoint && {
          checkpoint: positionToCheckpoint(checkpoint),
          lag: await measureLag(store, checkpoint, clock, LAG_COUNT_LIMIT),
        }),
      });
    }
    return { processors, leasesShared: leases.shared };
  } finally {
    await leases.store.close();
    await site.close();
  }
}

async function anchoredPosition(store: EventStore): Promise<Position | undefined> {
  const last = await lastAnchor(store);
  return last && checkpointToPosition(last.anchor.position);
}

/** A processor as JSON (`kios-cli processors status --json`, GET /admin/processors); times in GMT+7. */
export function processorDocument(processor: ProcessorOverview) {
  const { holding } = processor;
  return {
    name: processor.name,
    kind: processor.kind,
    holder: holding?.holder ?? null,
    until: holding ? formatDanaTime(holding.expiresAt) : null,
    token: processor.lease?.token ?? null,
    checkpoint: processor.checkpoint ?? null,
    lag: processor.lag ? { events: processor.lag.events, eventsCapped: processor.lag.eventsCapped } : null,
    pending: processor.pending ?? null,
  };
}
