import {
  AUDIT_TIME_FORMATS,
  formatHistory,
  formatOrderStateAt,
  historyDocument,
  orderHistory,
  orderStateAt,
  orderStateDocument,
  parseAuditTime,
} from '@kios/audit';
import { type CliContext, CliError } from '../cli-context';
import { parseCommandArgs } from '../command-args';

export const historyUsage = `kios-cli history <requestId> [--at <time>] [--json]

  Every event of the order DANA knows by <requestId> and of the inquiry it used, in the order
  they were recorded: time (GMT+7), type, the facts it added, correlation and causation ids.
  --at <time>  the order as it was at that moment, folded from the events recorded by then;
               <time> is GMT+7 as DANA writes it or any ISO-8601 time with an offset
  --json       a JSON document instead of text

  example: kios-cli history 20250115100610123456789 --at 2025-01-15T10:06:15+07:00`;

export async function history(args: string[], context: CliContext): Promise<void> {
  const { values, positionals } = parseCommandArgs(
    args,
    { at: { type: 'string' }, json: { type: 'boolean' } },
    historyUsage,
  );
  if (positionals.length !== 1) throw new CliError(`expected one requestId\n\n${historyUsage}`);
  const [requestId] = positionals;
  const at = values.at === undefined ? undefined : parseAuditTime(values.at);
  if (values.at !== undefined && at === undefined) {
    throw new CliError(`--at "${values.at}" is not a time; expected ${AUDIT_TIME_FORMATS}`);
  }

  const found = await orderHistory(await context.eventStore(), requestId);
  if (found === undefined) throw new CliError(`no order with requestId ${requestId}`);
  const json = values.json ?? false;
  if (at === undefined) {
    printAll(context, json ? [JSON.stringify(historyDocument(found), null, 2)] : formatHistory(found));
    return;
  }
  const snapshot = orderStateAt(found, at);
  printAll(
    context,
    json ? [JSON.stringify(orderStateDocument(snapshot), null, 2)] : formatOrderStateAt(snapshot),
  );
}

function printAll(context: CliContext, lines: string[]): void {
  for (const line of lines) context.print(line);
}
