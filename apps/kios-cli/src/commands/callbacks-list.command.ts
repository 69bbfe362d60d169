import { formatEventTime } from '@kios/audit';
import { formatDanaTime } from '@kios/dana-protocol';
import {
  CALLBACK_OUTBOX_STATES,
  CallbackOutbox,
  callbackOutboxProjection,
  type CallbackOutboxEntry,
  type CallbackOutboxState,
} from '@kios/projections';
import { type CliContext, CliError } from '../cli-context';
import { parseCommandArgs } from '../command-args';
import { table } from '../table';

export const callbacksListUsage = `kios-cli callbacks list [--state <state>] [--json]

  The Order Complete Callbacks kios owes DANA (the callback_outbox read model), the most recently
  changed first: state, the final status sent, attempts, when the last attempt was sent (GMT+7,
  with milliseconds), the next attempt (GMT+7) and why the last attempt was not accepted or the
  callback was abandoned (none once DANA accepted it).
  --state  only ${CALLBACK_OUTBOX_STATES.join(', ')}
  --json   a JSON array instead of a table (times GMT+7 with milliseconds)

  example: kios-cli callbacks list --state abandoned`;

const COLUMNS = [
  'REQUEST ID',
  'STATE',
  'FINAL',
  'ATTEMPTS',
  'LAST ATTEMPT',
  'NEXT ATTEMPT',
  'LAST REASON',
] as const;

function cells(entry: CallbackOutboxEntry): string[] {
  return [
    entry.requestId,
    entry.state,
    entry.finalStatus ?? '-',
    String(entry.attempts),
    entry.lastAttemptAt ? formatEventTime(entry.lastAttemptAt) : '-',
    entry.nextAttemptAt ? formatDanaTime(entry.nextAttemptAt) : '-',
    entry.lastReason ?? '-',
  ];
}

/** An entry for machines: its times in GMT+7 like every time kios-cli prints, to the millisecond. */
function entryDocument(entry: CallbackOutboxEntry) {
  const { lastAttemptAt, nextAttemptAt, updatedAt, ...rest } = entry;
  return {
    ...rest,
    ...(lastAttemptAt ? { lastAttemptAt: formatEventTime(lastAttemptAt) } : {}),
    ...(nextAttemptAt ? { nextAttemptAt: formatEventTime(nextAttemptAt) } : {}),
    updatedAt: formatEventTime(updatedAt),
  };
}

function isState(value: string): value is CallbackOutboxState {
  return (CALLBACK_OUTBOX_STATES as readonly string[]).includes(value);
}

export async function callbacksList(args: string[], context: CliContext): Promise<void> {
  const { values, positionals } = parseCommandArgs(
    args,
    { state: { type: 'string' }, json: { type: 'boolean' } },
    callbacksListUsage,
  );
  if (positionals.length > 0)
    throw new CliError(`unexpected ${positionals.join(' ')}\n\n${callbacksListUsage}`);
  const state = values.state;
  if (state !== undefined && !isState(state)) {
    throw new CliError(`--state must be one of ${CALLBACK_OUTBOX_STATES.join(', ')}, got "${state}"`);
  }
  const outbox = new CallbackOutbox(await context.readModel([callbackOutboxProjection]));
  const entries = await outbox.list(state);
  if (values.json) {
    context.print(JSON.stringify(entries.map(entryDocument), null, 2));
    return;
  }
  if (entries.length === 0) {
    context.print(state === undefined ? 'no callbacks' : `no ${state} callbacks`);
    return;
  }
  for (const line of table([[...COLUMNS], ...entries.map(cells)])) context.print(line);
}
