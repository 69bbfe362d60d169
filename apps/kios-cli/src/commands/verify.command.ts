import {
  auditStore,
  orderAnchoring,
  orderAnchoringSummary,
  readAnchorsFile,
  storeAuditBreaks,
  storeAuditSummary,
} from '@kios/audit';
import { auditVerifyingKeys } from '@kios/config';
import { UnreadableAnchor } from '@kios/event-store';
import { type CliContext, CliError } from '../cli-context';
import { parseCommandArgs } from '../command-args';

export const verifyUsage = `kios-cli verify <requestId> | --all [--anchors <file>]

  Recomputes the hash chain of the order's and its inquiry's streams (or, with --all, of every
  stream) and names every event that was altered, removed or written around the chain. Then holds
  the store against its anchors (README "Anchors"): each anchor's signature and the anchors' own
  chain, and between anchors the log recomputed from the events — a covered event gone, a stream
  shorter than an anchor says or gone whole. Events newer than the last anchor are counted as not
  yet covered (not a break).
  --anchors <file>  with --all: also hold the store against anchors kept outside kios
                    (kios-cli anchors export): names every kept anchor the store lacks or changed
  Exit code 1 when a break is found.

  example: kios-cli verify --all --anchors anchors-2026-12.jsonl`;

export async function verify(args: string[], context: CliContext): Promise<void> {
  const { values, positionals } = parseCommandArgs(
    args,
    { all: { type: 'boolean' }, anchors: { type: 'string' } },
    verifyUsage,
  );
  const all = values.all ?? false;
  if (positionals.length !== (all ? 0 : 1)) {
    throw new CliError(`expected one requestId or --all\n\n${verifyUsage}`);
  }
  if (values.anchors !== undefined && !all) throw new CliError(`--anchors goes with --all\n\n${verifyUsage}`);
  const stored = (await context.eventStore()).underlying;
  // The audit key's public half and earlier ones; none configured: each anchor is named as unchecked.
  const keys = auditVerifyingKeys(context.settings);
  let breaks: string[];
  let summary: string;
  if (all) {
    const report = await auditStore(
      stored,
      keys,
      values.anchors === undefined ? undefined : keptAnchors(values.anchors),
    );
    breaks = storeAuditBreaks(report);
    summary = storeAuditSummary(report);
  } else {
    const anchoring = await orderAnchoring(stored, positionals[0], keys);
    if (anchoring === undefined) throw new CliError(`no order with requestId ${positionals[0]}`);
    breaks = anchoring.breaks;
    summary = orderAnchoringSummary(anchoring);
  }
  for (const line of breaks) context.print(line);
  // A break is a finding the auditor must act on: the summary goes to stderr and the exit code is 1.
  if (breaks.length > 0) throw new CliError(summary);
  context.print(summary);
}

function keptAnchors(path: string) {
  try {
    return readAnchorsFile(path);
  } catch (error) {
    if (error instanceof UnreadableAnchor) throw new CliError(`--anchors: ${error.message}`);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new CliError(`--anchors: no file ${path}`);
    throw error;
  }
}
