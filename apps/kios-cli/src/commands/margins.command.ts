import { formatMarginsReport, marginsReport } from '@kios/ordering';
import { type CliContext, CliError } from '../cli-context';
import { parseCommandArgs } from '../command-args';
import { commandPeriod } from '../command-period';

export const marginsUsage = `kios-cli margins --from <time> --to <time>

  Per supplier, the orders that succeeded from --from up to --to: how many, what the suppliers
  charged (as their answers said), what DANA paid, and the margin; successes whose cost broke the
  offer's maxCost or DANA's price are counted, and orders whose supplier gave no price are named
  (their margin is unknown). Read from the events as stored.

  example: kios-cli margins --from 2025-01-01T00:00:00+07:00 --to 2025-02-01T00:00:00+07:00`;

export async function margins(args: string[], context: CliContext): Promise<void> {
  const { values, positionals } = parseCommandArgs(
    args,
    { from: { type: 'string' }, to: { type: 'string' } },
    marginsUsage,
  );
  if (positionals.length > 0)
    throw new CliError(`margins takes no arguments besides --from and --to\n\n${marginsUsage}`);
  const { from, to } = commandPeriod(values, marginsUsage);
  const store = (await context.eventStore()).underlying;
  for (const line of formatMarginsReport(await marginsReport(store.readAll(), from, to))) context.print(line);
}
