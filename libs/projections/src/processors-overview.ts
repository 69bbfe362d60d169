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
  checkpoint?: string;
  lag?: ProjectionLag;
  pending?: ReactorBacklog;
}

export interface ProcessorsOverview {
  processors: ProcessorOverview[];
  /** False when the leases live inside each kios process (`memory:`): no holder to show. */
  leasesShared: boolean;
  /**
   * When the leases were read: a lease is shown held when it was live then. Judged at the end of
   * the description instead, a slow lag count on a loaded machine would show live leases as ended.
   */
  leasesReadAt: Date;
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
    const leasesReadAt = clock.now();
    // A projection's checkpoint and lag as `projections status` computes them.
    const processors: ProcessorOverview[] = (
      await describeProjections(store, site, kiosProjections, clock)
    ).map((overview) => ({ ...overview, kind: 'projection', lease: held.get(overview.name) }));
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
        lease,
        ...(pending && { pending }),
        ...(checkpoint && {
          checkpoint: positionToCheckpoint(checkpoint),
          lag: await measureLag(store, checkpoint, clock, LAG_COUNT_LIMIT),
        }),
      });
    }
    return { processors, leasesShared: leases.shared, leasesReadAt };
  } finally {
    await leases.store.close();
    await site.close();
  }
}

async function anchoredPosition(store: EventStore): Promise<Position | undefined> {
  const last = await lastAnchor(store);
  return last && checkpointToPosition(last.anchor.position);
}

/** The lease a processor's holder held at `at` (when the leases were read); an ended one is held by nobody. */
export function heldLease(processor: ProcessorOverview, at: Date): Lease | undefined {
  return processor.lease && processor.lease.expiresAt > at ? processor.lease : undefined;
}

/** A processor as JSON (`kios-cli processors status --json`, GET /admin/processors), its holder as at `at`; times in GMT+7. */
export function processorDocument(processor: ProcessorOverview, at: Date) {
  const holding = heldLease(processor, at);
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
