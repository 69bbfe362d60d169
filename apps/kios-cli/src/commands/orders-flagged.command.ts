import { formatDanaTime } from '@kios/dana-protocol';
import {
  fulfilmentFollowUpProjection,
  orderDetailProjection,
  type OrderForOperator,
  OrdersForOperator,
} from '@kios/projections';
import { type CliContext, CliError } from '../cli-context';
import { parseCommandArgs } from '../command-args';
import { table } from '../table';

export const ordersFlaggedUsage = `kios-cli orders flagged [--json]

  The orders kios will not settle alone, oldest first: flagged by the fulfilment follow-up (past
  KIOS_FULFILMENT_HORIZON_MS without a final answer, or past KIOS_DIGIFLAZZ_RECHECK_HORIZON, when
  kios asks the supplier nothing more), reversed by the supplier after their success, or in doubt
  for longer than KIOS_FULFILMENT_HORIZON_MS. Each with its requestId, orderId, kios's status, since
  when (GMT+7) and why. Settle one with \`kios-cli orders settle\` once the supplier's records say how
  it ended; a settled order is no longer listed.
  --json  a JSON array instead of a table

  example: kios-cli orders flagged`;

const COLUMNS = ['REQUEST ID', 'ORDER ID', 'STATUS', 'SINCE', 'REASON'];

function cells(order: OrderForOperator): string[] {
  return [order.requestId, order.orderId ?? '-', order.status, formatDanaTime(order.since), order.reason];
}

/** Times as DANA writes them (GMT+7), like every time kios-cli prints. */
function document(order: OrderForOperator) {
  return { ...order, since: formatDanaTime(order.since) };
}

export async function ordersFlagged(args: string[], context: CliContext): Promise<void> {
  const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } }, ordersFlaggedUsage);
  if (positionals.length > 0)
    throw new CliError(`unexpected ${positionals.join(' ')}\n\n${ordersFlaggedUsage}`);
  const readModel = await context.readModel([orderDetailProjection, fulfilmentFollowUpProjection]);
  const orders = await new OrdersForOperator(readModel).list(
    context.clock.now(),
    context.settings.fulfilmentHorizonMs,
  );
  if (values.json) {
    context.print(JSON.stringify(orders.map(document), null, 2));
    return;
  }
  if (orders.length === 0) {
    context.print('no order needs an operator');
    return;
  }
  for (const line of table([COLUMNS, ...orders.map(cells)])) context.print(line);
}
