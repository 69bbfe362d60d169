import { randomUUID } from 'node:crypto';
import type { FinalPurchaseOutcome } from '@kios/fulfillment';
import {
  FulfilmentNotRequested,
  OrderAlreadyFinal,
  OrderNotFound,
  SettleOrder,
  type SettlementResult,
  SettlementIncomplete,
} from '@kios/ordering';
import { type CliContext, CliError } from '../cli-context';
import { parseCommandArgs } from '../command-args';
import { operatorName } from '../operator';

export const ordersSettleUsage = `kios-cli orders settle <requestId> --succeeded --serial <sn> [--token <t>] --evidence <text> [--operator <name>]
kios-cli orders settle <requestId> --failed --reason <text> --evidence <text> [--operator <name>]

  Records how an order kios will not decide alone ended (see \`kios-cli orders flagged\`), as the
  supplier's own records show it: --succeeded with the serial number (and token) the supplier
  delivered, or --failed with the reason. The decision is recorded on the order with who made it
  and the evidence, then kios sends DANA the Order Complete Callback as for any final order.
  Refused for an order that is already final: a final status DANA may have been told never changes.
  --evidence  required: where the outcome was read (a supplier statement line, a ticket)
  --operator  the name recorded as kios-cli (<name>); the OS user's name when absent

  example: kios-cli orders settle 20250115100610123456789 --succeeded --serial 0412345678901234 \\
             --evidence "Digiflazz mutasi 2025-04-06 10:02, Sukses"`;

/** What order_detail keeps of a serial number or a token (OrderDetailRow: varchar(128)). */
const RECEIPT_TEXT_MAX = 128;

const OPTIONS = {
  succeeded: { type: 'boolean' },
  failed: { type: 'boolean' },
  serial: { type: 'string' },
  token: { type: 'string' },
  reason: { type: 'string' },
  evidence: { type: 'string' },
  operator: { type: 'string' },
} as const;

type SettleValues = ReturnType<typeof parseCommandArgs<typeof OPTIONS>>['values'];

function refuse(problem: string): never {
  throw new CliError(`${problem}\n\n${ordersSettleUsage}`);
}

function receiptText(option: 'serial' | 'token', value: string): string {
  const text = value.trim();
  if (text === '') refuse(`--${option} must not be empty`);
  if (text.length > RECEIPT_TEXT_MAX) refuse(`--${option} is longer than ${RECEIPT_TEXT_MAX} characters`);
  return text;
}

/** The outcome the options say, or a refusal naming what is wrong with them. */
function outcomeOf(values: SettleValues): FinalPurchaseOutcome {
  if (values.succeeded === values.failed) refuse('say either --succeeded or --failed');
  if (values.succeeded) {
    if (values.reason !== undefined) refuse('--reason goes with --failed; a success has a --serial');
    if (values.serial === undefined)
      refuse('--succeeded needs --serial <sn>, the serial number the supplier gave');
    const token = values.token === undefined ? {} : { token: receiptText('token', values.token) };
    return { status: 'succeeded', serialNumber: receiptText('serial', values.serial), ...token };
  }
  if (values.serial !== undefined || values.token !== undefined)
    refuse('--serial and --token go with --succeeded');
  if (values.reason === undefined || values.reason.trim() === '') refuse('--failed needs --reason <text>');
  return { status: 'failed', reason: values.reason.trim() };
}

function settledLine(requestId: string, outcome: FinalPurchaseOutcome, by: string, result: SettlementResult) {
  const what =
    outcome.status === 'succeeded'
      ? `SUCCESS (serial number ${outcome.serialNumber})`
      : `FAILED (${outcome.reason})`;
  const callback = result.callbackOwed
    ? 'kios sends DANA the Order Complete Callback shortly'
    : 'DANA was never answered PENDING for it and reads the final status with Get Order Detail';
  return `order ${requestId} settled ${what} by ${by}; ${callback}`;
}

export async function ordersSettle(args: string[], context: CliContext): Promise<void> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS, ordersSettleUsage);
  if (positionals.length !== 1) refuse('expected one requestId');
  const [requestId] = positionals;
  const outcome = outcomeOf(values);
  const evidence = values.evidence?.trim() ?? '';
  if (evidence === '')
    refuse('--evidence <text> is required: where the supplier’s records show this outcome');
  if (values.operator !== undefined && values.operator.trim() === '') refuse('--operator must not be empty');
  const settledBy = operatorName(values.operator?.trim());
  const commandId = `kios-cli-orders-settle-${randomUUID()}`;
  const commands = await context.commandBus();
  let result: SettlementResult;
  try {
    result = await commands.execute(new SettleOrder(requestId, outcome, settledBy, evidence, commandId));
  } catch (error) {
    if (error instanceof OrderNotFound) throw new CliError(`no order with requestId ${requestId}`);
    if (error instanceof OrderAlreadyFinal) {
      throw new CliError(
        `order ${requestId} is already ${error.finalStatus}: there is nothing to settle ` +
          `(kios-cli history ${requestId} shows how it ended)`,
      );
    }
    if (error instanceof FulfilmentNotRequested || error instanceof SettlementIncomplete) {
      throw new CliError(error.message);
    }
    throw error;
  }
  context.print(settledLine(requestId, outcome, settledBy, result));
}
