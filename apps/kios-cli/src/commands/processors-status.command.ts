import { formatDanaTime } from '@kios/dana-protocol';
import { type Lease, openLeaseStore, positionToCheckpoint } from '@kios/event-store';
import {
  describeProjections,
  kiosProjections,
  loadCheckpoint,
  measureLag,
  openRebuildSite,
  type ProjectionLag,
  reactorBacklog,
  type ReactorBacklog,
} from '@kios/projections';
import { type CliContext, CliError } from '../cli-context';
import { parseCommandArgs } from '../command-args';
import { table } from '../table';

export const processorsStatusUsage = `kios-cli processors status [--json]

  Every background processor of kios, each run by one replica at a time (docs/architecture.md §1
  "Leases"): the replica holding its lease (host/pid/suffix) and until when (GMT+7), the lease's
  fencing token, for a projection or a reactor keeping a checkpoint the checkpoint and how many
  events it trails, and for the callback dispatcher and the fulfilment follow-up the work waiting
  in the read model. A reactor is listed once a replica took its lease.
  --json  a JSON array instead of a table

  example: kios-cli processors status`;

/** Events counted before a lag is shown as "at least", as describeProjections counts. */
const LAG_COUNT_LIMIT = 100_000;

interface ProcessorRow {
  name: string;
  kind: 'projection' | 'reactor';
  /** The lease as stored; a holder whose lease ended holds nothing. */
  lease?: Lease;
  checkpoint?: string;
  lag?: ProjectionLag;
  pending?: ReactorBacklog;
}

export async function processorsStatus(args: string[], context: CliContext): Promise<void> {
  const { values, positionals } = parseCommandArgs(
    args,
    { json: { type: 'boolean' } },
    processorsStatusUsage,
  );
  if (positionals.length > 0)
    throw new CliError(`unexpected ${positionals.join(' ')}\n\n${processorsStatusUsage}`);
  const store = await context.eventStore();
  const site = await openRebuildSite(context.settings.readModel, kiosProjections);
  const leases = await openLeaseStore(context.settings.eventStore, context.clock);
  try {
    const held = new Map((await leases.store.list()).map((lease) => [lease.name, lease]));
    // A projection's checkpoint and lag as `projections status` computes them.
    const rows: ProcessorRow[] = (await describeProjections(store, site, kiosProjections, context.clock)).map(
      (overview) => ({ ...overview, kind: 'projection', lease: held.get(overview.name) }),
    );
    for (const lease of held.values()) {
      if (rows.some((row) => row.name === lease.name)) continue;
      // The product status notifier keeps its checkpoint beside the projections'; the other reactors keep none.
      const checkpoint = await loadCheckpoint(site.live, lease.name);
      const pending = await reactorBacklog(lease.name, site.live, context.clock.now(), {
        createOrderBudgetMs: context.settings.supplierBudgetMs,
        firstCheckMs: context.settings.fulfilmentFirstCheckMs,
      });
      rows.push({
        name: lease.name,
        kind: 'reactor',
        lease,
        ...(pending && { pending }),
        ...(checkpoint && {
          checkpoint: positionToCheckpoint(checkpoint),
          lag: await measureLag(store, checkpoint, context.clock, LAG_COUNT_LIMIT),
        }),
      });
    }
    const now = context.clock.now();
    const holding = (row: ProcessorRow) => (row.lease && row.lease.expiresAt > now ? row.lease : undefined);
    if (values.json) {
      const documents = rows.map((row) => ({
        name: row.name,
        kind: row.kind,
        holder: holding(row)?.holder ?? null,
        until: holding(row) ? formatDanaTime(holding(row)!.expiresAt) : null,
        token: row.lease?.token ?? null,
        checkpoint: row.checkpoint ?? null,
        lag: row.lag ? { events: row.lag.events, eventsCapped: row.lag.eventsCapped } : null,
        pending: row.pending ?? null,
      }));
      context.print(JSON.stringify(documents, null, 2));
      return;
    }
    if (!leases.shared)
      context.print('leases are kept inside each kios process on this event store: no holder to show');
    const header = ['PROCESSOR', 'KIND', 'HOLDER', 'UNTIL', 'TOKEN', 'CHECKPOINT', 'LAG EVENTS', 'PENDING'];
    const cells = (row: ProcessorRow) => [
      row.name,
      row.kind,
      holding(row)?.holder ?? 'none',
      holding(row) ? formatDanaTime(holding(row)!.expiresAt) : '-',
      row.lease ? String(row.lease.token) : '-',
      row.checkpoint ?? '-',
      row.lag ? `${row.lag.eventsCapped ? '≥' : ''}${row.lag.events.toLocaleString('en-US')}` : '-',
      row.pending ? `${row.pending.count} ${row.pending.of}` : '-',
    ];
    for (const line of table([header, ...rows.map(cells)])) context.print(line);
  } finally {
    await leases.store.close();
    await site.close();
  }
}
