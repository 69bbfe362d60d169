import { formatDanaTime, formatRupiah, type Money } from '@kios/dana-protocol';
import { type CallbackState, type OrderState, orderView, type OrderView } from '@kios/ordering';
import type { OrderStateAt } from './order-state-at';

/** How a view writes money for people. */
export type MoneyText = (money: Money) => string;

/** Rupiah with the exact minor units beside them, as the auditors' CLI prints money. */
export const moneyWithMinorUnits: MoneyText = (money) =>
  `${formatRupiah(money)} (${money.minor} minor units)`;

/** The facts of an order's state, in the order they are shown. */
export const ORDER_STATE_KEYS = [
  'status',
  'orderId',
  'productId',
  'destination',
  'price',
  'inquiryId',
  'bill',
  'supplierRef',
  'serialNumber',
  'token',
  'failure',
  'answeredPending',
  'callback',
  'createdAt',
  'modifiedAt',
] as const;
export type OrderStateKey = (typeof ORDER_STATE_KEYS)[number];

/** One fact of the order's state: `key` names it, `value` is for people. */
export interface OrderStateRow {
  key: OrderStateKey;
  value: string;
}

/** The facts the order had in `state`, in a fixed order, money written by `moneyText`; undefined before it existed. */
export function orderStateRows(
  state: OrderState,
  moneyText: MoneyText = moneyWithMinorUnits,
): OrderStateRow[] | undefined {
  const view = orderView(state);
  if (view === undefined) return undefined;
  const rows: Array<[key: OrderStateKey, value: string | undefined]> = [
    ['status', `${state.status} (DANA sees ${view.status})`],
    ['orderId', view.orderId],
    ['productId', view.product ? `${view.productId} (${view.product.name})` : view.productId],
    ['destination', destinationText(view.destination)],
    ['price', moneyText(view.price)],
    ['inquiryId', view.inquiryId],
    [
      'bill',
      view.billAmounts &&
        `base ${moneyText(view.billAmounts.baseAmount)}, admin fee ${moneyText(view.billAmounts.adminFee)}, ` +
          `fine ${moneyText(view.billAmounts.fineAmount)}`,
    ],
    ['supplierRef', view.supplierRef],
    ['serialNumber', view.serialNumber],
    ['token', view.token],
    ['failure', view.failure && `${view.failure.code}: ${view.failure.reason}`],
    ['answeredPending', view.answeredPending ? 'yes' : 'no'],
    ['callback', view.callback && callbackText(view.callback)],
    ['createdAt', formatDanaTime(view.createdAt)],
    ['modifiedAt', formatDanaTime(view.modifiedAt)],
  ];
  return rows
    .filter((row): row is [OrderStateKey, string] => row[1] !== undefined)
    .map(([key, value]) => ({ key, value }));
}

/** The order at an instant, for people: one aligned `label  value` line per fact it had by then. */
export function formatOrderStateAt(snapshot: OrderStateAt): string[] {
  const { requestId, at, state, eventsApplied, orderEventCount } = snapshot;
  const shown = orderStateRows(state);
  if (shown === undefined) {
    return [
      `order ${requestId} did not exist yet at ${formatDanaTime(at)} (GMT+7); ` +
        `its first event was recorded at ${formatDanaTime(snapshot.firstRecordedAt)}`,
    ];
  }
  const width = Math.max(...shown.map(({ key }) => key.length));
  return [
    `order ${requestId} as it was at ${formatDanaTime(at)} (GMT+7), ` +
      `from ${eventsApplied} of its ${orderEventCount} events`,
    ...shown.map(({ key, value }) => `  ${key.padEnd(width)}  ${value}`),
  ];
}

/** The order at an instant, for machines: money as minor-unit strings, instants in GMT+7. */
export function orderStateDocument(snapshot: OrderStateAt) {
  const view = orderView(snapshot.state);
  return {
    requestId: snapshot.requestId,
    at: formatDanaTime(snapshot.at),
    eventsApplied: snapshot.eventsApplied,
    orderEventCount: snapshot.orderEventCount,
    state: view === undefined ? null : stateDocument(snapshot.state.status, view),
  };
}

/** kios's own status first, then DANA's, then the order's facts. */
function stateDocument(status: OrderState['status'], view: OrderView) {
  const { status: danaStatus, ...facts } = jsonSafe(view);
  return { status, danaStatus, ...facts };
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Dates to GMT+7 text and bigints to digit strings, so the document survives JSON.stringify. */
function jsonSafe(value: OrderView): { [key: string]: Json } {
  return JSON.parse(
    JSON.stringify(value, function (this: Record<string, unknown>, key, member: unknown) {
      const original = this[key];
      if (original instanceof Date) return formatDanaTime(original);
      return typeof member === 'bigint' ? member.toString() : member;
    }),
  );
}

/** `081234567890`, or `12345678 (zone 2001)` for a game account with its zone. */
export function destinationText({ primaryParam, secondaryParam }: OrderView['destination']): string {
  return secondaryParam === undefined ? primaryParam : `${primaryParam} (zone ${secondaryParam})`;
}

function callbackText(callback: CallbackState): string {
  switch (callback.status) {
    case 'not_owed':
      return 'not owed (DANA got the final status in its Create Order answer)';
    case 'owed':
      return `owed, ${callback.attempts} attempts so far${callback.lastFailure ? ` (last: ${callback.lastFailure})` : ''}`;
    case 'delivered':
      return `delivered on attempt ${callback.attempts} at ${formatDanaTime(callback.deliveredAt)}`;
    case 'abandoned':
      return `abandoned after ${callback.attempts} attempts at ${formatDanaTime(callback.abandonedAt)}: ${callback.reason}`;
  }
}
