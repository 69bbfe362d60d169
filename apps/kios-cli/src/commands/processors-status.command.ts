import { formatDanaTime } from '@kios/dana-protocol';
import { describeProcessors, processorDocument, type ProcessorOverview } from '@kios/projections';
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

export async function processorsStatus(args: string[], context: CliContext): Promise<void> {
  const { values, positionals } = parseCommandArgs(
    args,
    { json: { type: 'boolean' } },
    processorsStatusUsage,
  );
  if (positionals.length > 0)
    throw new CliError(`unexpected ${positionals.join(' ')}\n\n${processorsStatusUsage}`);
  const { processors, leasesShared } = await describeProcessors({
    store: await context.eventStore(),
    eventStoreUrl: context.settings.eventStore,
    readModelUrl: context.settings.readModel,
    clock: context.clock,
    backlog: {
      createOrderBudgetMs: context.settings.supplierBudgetMs,
      firstCheckMs: context.settings.fulfilmentFirstCheckMs,
    },
  });
  if (values.json) {
    context.print(JSON.stringify(processors.map(processorDocument), null, 2));
    return;
  }
  if (!leasesShared)
    context.print('leases are kept inside each kios process on this event store: no holder to show');
  const header = ['PROCESSOR', 'KIND', 'HOLDER', 'UNTIL', 'TOKEN', 'CHECKPOINT', 'LAG EVENTS', 'PENDING'];
  const cells = (processor: ProcessorOverview) => {
    const { holding } = processor;
    return [
      processor.name,
      processor.kind,
      holding?.holder ?? 'none',
      holding ? formatDanaTime(holding.expiresAt) : '-',
      processor.lease ? String(processor.lease.token) : '-',
      processor.checkpoint ?? '-',
      processor.lag
        ? `${processor.lag.eventsCapped ? '≥' : ''}${processor.lag.events.toLocaleString('en-US')}`
        : '-',
      processor.pending ? `${processor.pending.count} ${processor.pending.of}` : '-',
    ];
  };
  for (const line of table([header, ...processors.map(cells)])) context.print(line);
}
