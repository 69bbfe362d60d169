import { formatDanaTime } from '@kios/dana-protocol';
import {
  InvalidOrderSearch,
  ORDER_INDEX_STATUSES,
  ORDER_SEARCH_LIMIT,
  type OrderDetailStatus,
  type OrderIndexFilter,
  type OrderIndexPage,
  type OrderIndexRow,
} from '@kios/projections';
import { AUDIT_SPAN_FORMATS, parseAuditSpan } from './audit-time';
import { maskDestination } from './destination-mask';

/** The parameters of an order search, as `/admin/orders` names them (kios-cli orders find spells them as flags). */
export const ORDER_SEARCH_PARAMETERS = [
  'requestId',
  'orderId',
  'destination',
  'product',
  'status',
  'from',
  'to',
  'cursor',
  'limit',
] as const;

export type OrderSearchParameter = (typeof ORDER_SEARCH_PARAMETERS)[number];

/** An order search as a person typed it: every value text, an empty one as good as absent (a form's empty field). */
export type OrderSearchText = Partial<Record<OrderSearchParameter, string>>;

export type OrderSearch = { filter: OrderIndexFilter; page: OrderIndexPage };

const isStatus = (text: string): text is OrderDetailStatus =>
  (ORDER_INDEX_STATUSES as readonly string[]).includes(text);

/**
 * The search a person asked for, checked: a status kios knows, `from` and `to` as AUDIT_SPAN_FORMATS
 * (`from` from the start of the time it names, `to` to the end of it: `to=2025-01-31` takes in the
 * whole day), a limit from 1 to 500. Throws InvalidOrderSearch naming the parameter.
 */
export function orderSearchOf(text: OrderSearchText): OrderSearch {
  const given = (name: OrderSearchParameter): string | undefined => {
    const value = text[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const filter: OrderIndexFilter = {};
  const page: OrderIndexPage = {};
  const requestId = given('requestId');
  if (requestId !== undefined) filter.requestId = requestId;
  const orderId = given('orderId');
  if (orderId !== undefined) filter.orderId = orderId;
  const destination = given('destination');
  if (destination !== undefined) filter.destination = destination;
  const product = given('product');
  if (product !== undefined) filter.productId = product;
  const status = given('status');
  if (status !== undefined) {
    if (!isStatus(status)) {
      throw new InvalidOrderSearch('status', `"${status}" is not one of ${ORDER_INDEX_STATUSES.join(', ')}`);
    }
    filter.status = status;
  }
  const from = given('from');
  if (from !== undefined) filter.from = spanOf('from', from).start;
  const to = given('to');
  if (to !== undefined) filter.to = spanOf('to', to).end;
  const cursor = given('cursor');
  if (cursor !== undefined) page.cursor = cursor;
  const limit = given('limit');
  if (limit !== undefined) {
    const count = /^\d{1,4}$/.test(limit) ? Number(limit) : NaN;
    if (!(count >= 1 && count <= ORDER_SEARCH_LIMIT.max)) {
      throw new InvalidOrderSearch(
        'limit',
        `"${limit}" is not a whole number from 1 to ${ORDER_SEARCH_LIMIT.max}`,
      );
    }
    page.limit = count;
  }
  return { filter, page };
}

function spanOf(name: 'from' | 'to', text: string): { start: Date; end: Date } {
  const span = parseAuditSpan(text);
  if (!span) throw new InvalidOrderSearch(name, `"${text}" is not a time; expected ${AUDIT_SPAN_FORMATS}`);
  return span;
}

/**
 * An order as a list shows it, to people and machines alike: the destination masked (the order's
 * timeline shows it in full), money as minor-unit text, times GMT+7.
 */
export function orderListEntry(row: OrderIndexRow) {
  return {
    requestId: row.requestId,
    orderId: row.orderId,
    productId: row.productId,
    productName: row.productName,
    module: row.productModule,
    destination: maskDestination(row.destination),
    priceMinor: row.priceMinor,
    status: row.status,
    inquiryId: row.inquiryId,
    supplier: row.supplier,
    supplierRef: row.supplierRef,
    supplierCostMinor: row.supplierCostMinor,
    createdAt: formatDanaTime(new Date(row.createdAt)),
    settledAt: row.settledAt === null ? null : formatDanaTime(new Date(row.settledAt)),
  };
}

export type OrderListEntry = ReturnType<typeof orderListEntry>;
