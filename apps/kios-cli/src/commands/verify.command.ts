import {
  type ChainReport,
  chainSummary,
  formatChainBreaks,
  verifyAllChains,
  verifyOrderChains,
} from '@kios/audit';
import { type CliContext, CliError } from '../cli-context';
import { parseCommandArgs } from '../command-args';

export const verifyUsage = `kios-cli verify <requestId> | --all

  Recomputes the hash chain of the order's and its inquiry's streams (or, with --all, of every
  stream) and names every event that was altered, removed or written around the chain.
  Exit code 1 when a break is found.

  example: kios-cli verify --all`;

export async function verify(args: string[], context: CliContext): Promise<void> {
  const { values, positionals } = parseCommandArgs(args, { all: { type: 'boolean' } }, verifyUsage);
  const all = values.all ?? false;
  if (positionals.length !== (all ? 0 : 1)) {
    throw new CliError(`expected one requestId or --all\n\n${verifyUsage}`);
  }
  const stored = (await context.eventStore()).underlying;
  const report: ChainReport | undefined = all
    ? await verifyAllChains(stored)
    : await verifyOrderChains(stored, positionals[0]);
  if (report === undefined) throw new CliError(`no order with requestId ${positionals[0]}`);
  for (const line of formatChainBreaks(report)) context.print(line);
  // A break is a finding the auditor must act on: the summary goes to stderr and the exit code is 1.
  if (report.breaks.length > 0) throw new CliError(chainSummary(report));
  context.print(chainSummary(report));
}
