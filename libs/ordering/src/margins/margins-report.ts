import { formatEventTime, formatRupiah, idr } from '@kios/dana-protocol';
import type { RecordedEvent } from '@kios/event-store';
import { decodeOrderEvent, ORDER_STREAM_PREFIX } from '../order/order.events';

/** One supplier's sales in a period: what kios paid it, what DANA paid kios, and the difference. */
export type SupplierMargin = {
  supplier: string;
  orders: number;
  /** Orders whose supplier's answer gave no price: their selling price is in `sold`, no cost in `cost`. */
  withoutCost: number;
  /** Successes whose cost broke maxCost or DANA's price (OrderSucceeded.costBreach). */
  breaches: number;
  cost: bigint;
  sold: bigint;
  /** sold − cost over the orders with a known cost. */
  margin: bigint;
};

export type MarginsReport = { from: Date; to: Date; suppliers: SupplierMargin[] };

/** A success recorded before routing names no supplier: it was the one configured then. */
export const UNNAMED_SUPPLIER = '(configured supplier)';

/**
 * Cost, DANA's selling price and the margin per supplier of the orders that succeeded in [from, to)
 * (OrderSucceeded.succeededAt), read from the order events as stored: the price from OrderPlaced,
 * the supplier and cost from OrderSucceeded. Events are read once, in store order, so an order's
 * OrderPlaced comes before its success.
 */
export async function marginsReport(
  events: AsyncIterable<RecordedEvent>,
  from: Date,
  to: Date,
): Promise<MarginsReport> {
  const prices = new Map<string, bigint>();
  const bySupplier = new Map<string, SupplierMargin>();
  for await (const recorded of events) {
    if (!recorded.stream.startsWith(ORDER_STREAM_PREFIX)) continue;
    if (recorded.type !== 'OrderPlaced' && recorded.type !== 'OrderSucceeded') continue;
    const event = decodeOrderEvent(recorded);
    if (event.type === 'OrderPlaced') {
      prices.set(event.data.requestId, BigInt(event.data.price));
      continue;
    }
    if (event.type !== 'OrderSucceeded') continue;
    const at = new Date(event.data.succeededAt).getTime();
    if (at < from.getTime() || at >= to.getTime()) continue;
    const name = event.data.supplier ?? UNNAMED_SUPPLIER;
    const line = bySupplier.get(name) ?? {
      supplier: name,
      orders: 0,
      withoutCost: 0,
      breaches: 0,
      cost: 0n,
      sold: 0n,
      margin: 0n,
    };
    const sold = prices.get(event.data.requestId) ?? 0n;
    line.orders += 1;
    line.sold += sold;
    if (event.data.costBreach !== undefined) line.breaches += 1;
    if (event.data.cost === undefined) line.withoutCost += 1;
    else {
      line.cost += BigInt(event.data.cost);
      line.margin += sold - BigInt(event.data.cost);
    }
    bySupplier.set(name, line);
  }
  const suppliers = [...bySupplier.values()].sort((a, b) => a.supplier.localeCompare(b.supplier));
  return { from, to, suppliers };
}

/** A loss shows as a minus before the rupiah. */
const rupiah = (minor: bigint) => (minor < 0n ? `-${formatRupiah(idr(-minor))}` : formatRupiah(idr(minor)));

/** The report as `kios-cli margins` prints it: one line per supplier, then the total. */
export function formatMarginsReport(report: MarginsReport): string[] {
  const lines = [
    `margins of orders succeeded from ${formatEventTime(report.from)} to ${formatEventTime(report.to)} (GMT+7)`,
  ];
  if (report.suppliers.length === 0) return [...lines, 'no order succeeded in that period'];
  const total = report.suppliers.reduce(
    (sum, line) => ({
      orders: sum.orders + line.orders,
      cost: sum.cost + line.cost,
      sold: sum.sold + line.sold,
      margin: sum.margin + line.margin,
      breaches: sum.breaches + line.breaches,
      withoutCost: sum.withoutCost + line.withoutCost,
    }),
    { orders: 0, cost: 0n, sold: 0n, margin: 0n, breaches: 0, withoutCost: 0 },
  );
  const row = (name: string, line: Omit<SupplierMargin, 'supplier'>) =>
    `${name.padEnd(22)} orders ${String(line.orders).padStart(6)}  cost ${rupiah(line.cost).padStart(16)}  ` +
    `sold ${rupiah(line.sold).padStart(16)}  margin ${rupiah(line.margin).padStart(14)}` +
    (line.withoutCost > 0 ? `  (${line.withoutCost} without a cost from the supplier)` : '') +
    (line.breaches > 0 ? `  ${line.breaches} above a bound` : '');
  return [...lines, ...report.suppliers.map((line) => row(line.supplier, line)), row('total', total)];
}
