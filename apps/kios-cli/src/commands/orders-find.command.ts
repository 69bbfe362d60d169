import {
  AUDIT_SPAN_FORMATS,
  orderListEntry,
  type OrderListEntry,
  type OrderSearchParameter,
  orderSearchOf,
  type OrderSearchText,
} from '@kios/audit';
import {
  InvalidOrderSearch,
  ORDER_INDEX_STATUSES,
  ORDER_SEARCH_LIMIT,
  orderIndexProjection,
  OrderIndexReadModel,
} from '@kios/projections';
import { type CliContext, CliError } from '../cli-context';
import { parseCommandArgs } from '../command-args';
import { table } from '../table';

export const ordersFindUsage = `kios-cli orders find [--request-id <id>] [--order-id <id>] [--destination <number>]
                     [--product <productId>] [--status <status>] [--from <time>] [--to <time>]
                     [--limit <n>] [--cursor <cursor>] [--json]

  Finds orders, newest first, from the order_index read model (what GET /admin/orders answers):
  requestId, orderId, when it was created (GMT+7), product, destination (masked to its last 4
  characters; \`kios-cli history <requestId>\` shows it in full), DANA's price, status, supplier.
  Every filter given must match.
  --destination  the number or account however written (+62 812-…, 0812…)
  --status       one of ${ORDER_INDEX_STATUSES.join(', ')}
  --from, --to   created from the start of --from to the end of --to: ${AUDIT_SPAN_FORMATS}
  --limit        orders per page, 1 to ${ORDER_SEARCH_LIMIT.max} (${ORDER_SEARCH_LIMIT.default} by default)
  --cursor       the next-page cursor a search printed, to read the page after
  --json         a JSON document { orders, next } instead of a table

  example: kios-cli orders find --destination 081234567890 --from 2025-01-15 --to 2025-01-31`;

/** The flag of each search parameter: an error names what the operator typed. */
const FLAGS: Record<OrderSearchParameter, string> = {
  requestId: '--request-id',
  orderId: '--order-id',
  destination: '--destination',
  product: '--product',
  status: '--status',
  from: '--from',
  to: '--to',
  cursor: '--cursor',
  limit: '--limit',
};

const COLUMNS = [
  'REQUEST ID',
  'ORDER ID',
  'CREATED',
  'PRODUCT',
  'DESTINATION',
  'PRICE',
  'STATUS',
  'SUPPLIER',
];

function cells(order: OrderListEntry): string[] {
  return [
    order.requestId,
    order.orderId,
    order.createdAt,
    order.productId,
    order.destination,
    order.priceMinor,
    order.status,
    order.supplier ?? '-',
  ];
}

export async function ordersFind(args: string[], context: CliContext): Promise<void> {
  const text = { type: 'string' } as const;
  const { values, positionals } = parseCommandArgs(
    args,
    {
      'request-id': text,
      'order-id': text,
      destination: text,
      product: text,
      status: text,
      from: text,
      to: text,
      limit: text,
      cursor: text,
      json: { type: 'boolean' },
    },
    ordersFindUsage,
  );
  if (positionals.length > 0) throw new CliError(`unexpected ${positionals.join(' ')}\n\n${ordersFindUsage}`);
  const asked: OrderSearchText = {
    requestId: values['request-id'],
    orderId: values['order-id'],
    destination: values.destination,
    product: values.product,
    status: values.status,
    from: values.from,
    to: values.to,
    limit: values.limit,
    cursor: values.cursor,
  };
  const readModel = await context.readModel([orderIndexProjection]);
  let found;
  try {
    const { filter, page } = orderSearchOf(asked);
    found = await new OrderIndexReadModel(readModel).find(filter, page);
  } catch (error) {
    if (error instanceof InvalidOrderSearch) {
      const flag = FLAGS[error.parameter as OrderSearchParameter] ?? error.parameter;
      throw new CliError(`${flag}: ${error.reason}`);
    }
    throw error;
  }
  const orders = found.rows.map(orderListEntry);
  if (values.json) {
    context.print(JSON.stringify({ orders, next: found.next ?? null }, null, 2));
    return;
  }
  if (orders.length === 0) context.print('no order matches');
  else for (const line of table([COLUMNS, ...orders.map(cells)])) context.print(line);
  context.print(found.next === undefined ? 'last page' : `next page: --cursor ${found.next}`);
}
