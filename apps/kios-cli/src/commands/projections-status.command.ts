import { formatDanaTime, systemClock } from '@kios/dana-protocol';
import {
  describeProjections,
  kiosProjections,
  openRebuildSite,
  type ProjectionOverview,
  projectionOverviewDocument,
} from '@kios/projections';
import { type CliContext, CliError } from '../cli-context';
import { parseCommandArgs } from '../command-args';

export const projectionsStatusUsage = `kios-cli projections status [--json]

  For every read model kios keeps: its checkpoint (the position of the last event applied, and
  when it was saved, GMT+7), how far it trails the event store (events, and the age in seconds of
  the oldest event not applied yet), and any rebuild running or left behind by an interruption.
  --json  a JSON array instead of a table

  example: kios-cli projections status`;

const COLUMNS = ['PROJECTION', 'CHECKPOINT', 'SAVED AT', 'LAG EVENTS', 'LAG SECONDS', 'REBUILD'] as const;
/** Counts line up on the right. */
const RIGHT_ALIGNED = new Set([3, 4]);

function rebuildText(overview: ProjectionOverview): string {
  const { rebuild } = overview;
  const at = 'checkpoint' in rebuild && rebuild.checkpoint ? ` at ${rebuild.checkpoint}` : '';
  switch (rebuild.state) {
    case 'none':
      return '-';
    case 'running':
      return `running${at} (${rebuild.holder})`;
    case 'interrupted':
      return `interrupted${at}: resume with \`kios-cli projections rebuild ${overview.name}\` or add --discard`;
  }
}

function cells(overview: ProjectionOverview): string[] {
  const { lag } = overview;
  return [
    overview.name,
    overview.checkpoint ?? 'none',
    overview.checkpointSavedAt ? formatDanaTime(overview.checkpointSavedAt) : '-',
    `${lag.eventsCapped ? '≥' : ''}${lag.events.toLocaleString('en-US')}`,
    lag.seconds.toFixed(1),
    rebuildText(overview),
  ];
}

/** Columns padded to their widest cell; the last one runs free. */
function table(rows: string[][]): string[] {
  const widths = COLUMNS.map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) =>
    row
      .map((cell, column) => {
        if (column === row.length - 1) return cell;
        return RIGHT_ALIGNED.has(column) ? cell.padStart(widths[column]) : cell.padEnd(widths[column]);
      })
      .join('  ')
      .trimEnd(),
  );
}

export async function projectionsStatus(args: string[], context: CliContext): Promise<void> {
  const { values, positionals } = parseCommandArgs(
    args,
    { json: { type: 'boolean' } },
    projectionsStatusUsage,
  );
  if (positionals.length > 0)
    throw new CliError(`unexpected ${positionals.join(' ')}\n\n${projectionsStatusUsage}`);
  const site = await openRebuildSite(context.settings.readModel, kiosProjections);
  try {
    const overviews = await describeProjections(
      await context.eventStore(),
      site,
      kiosProjections,
      systemClock,
    );
    if (values.json) {
      context.print(JSON.stringify(overviews.map(projectionOverviewDocument), null, 2));
      return;
    }
    for (const line of table([[...COLUMNS], ...overviews.map(cells)])) context.print(line);
  } finally {
    await site.close();
  }
}
