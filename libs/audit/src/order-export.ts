import { formatEventTime } from '@kios/dana-protocol';
import type { Destination } from '@kios/fulfillment';
import { maskDestination } from './destination-mask';
import { destinationText } from './order-state-format';

/**
 * The reconciliation export: one record per order, the file a finance team loads beside DANA's
 * settlement report and the supplier's statement. This module says what a record holds; the
 * encoding and streaming are in order-export-lines.ts.
 */

export const ORDER_EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type OrderExportFormat = (typeof ORDER_EXPORT_FORMATS)[number];

/** The columns in their order, which stays the same from one release to the next (spreadsheets key on it). */
export const ORDER_EXPORT_COLUMNS = [
  'requestId',
  'orderId',
  'productId',
  'product',
  'destination',
  'danaPriceMinor',
  'supplier',
  'supplierRef',
  'supplierCostMinor',
  'status',
  'createdAt',
  'settledAt',
] as const;
export type OrderExportColumn = (typeof ORDER_EXPORT_COLUMNS)[number];

/** What the export reads of one order (a row of the order index read model has all of it). */
export interface OrderExportRow {
  requestId: string;
  orderId: string;
  productId: string;
  /** The product's name as the catalog had it at Create Order; null when the catalog did not know it. */
  productName: string | null;
  /** As DANA sent it. */
  destination: Destination;
  /** DANA's price (danaSellingPrice) in minor units. */
  priceMinor: string | bigint;
  status: string;
  /** The supplier that sold it; null for an order no supplier was named for (the simulator's, a refused one). */
  supplier: string | null;
  supplierRef: string | null;
  /** What the supplier charged, in minor units, as its answer said; null when it named no price. */
  supplierCostMinor: string | bigint | null;
  /** When DANA placed it, ISO-8601 (read models keep instants as `toISOString` text). */
  createdAt: string;
  /** When the order became final, ISO-8601; null while it is not. */
  settledAt: string | null;
}

/** One exported order: every column as text, null where the order has no value. */
export type OrderExportRecord = Record<OrderExportColumn, string | null>;

export interface OrderExportOptions {
  format: OrderExportFormat;
  /** Destinations masked to their last 4 characters (maskDestination), for a file that leaves finance. */
  mask: boolean;
}

const MINOR_UNITS = /^-?\d+$/;

/** Money as the integer count of minor units it is stored as; anything else is refused rather than written. */
function minorUnits(amount: string | bigint, column: OrderExportColumn, requestId: string): string {
  const text = amount.toString();
  if (!MINOR_UNITS.test(text)) {
    throw new Error(`order ${requestId}: ${column} "${text}" is not a whole number of minor units`);
  }
  return text;
}

/** An ISO-8601 instant as GMT+7 wall time; a text that names no instant is refused rather than written. */
function gmt7(instant: string, column: OrderExportColumn, requestId: string): string {
  const parsed = new Date(instant);
  if (Number.isNaN(parsed.getTime()))
    throw new Error(`order ${requestId}: ${column} "${instant}" is not a time`);
  return formatEventTime(parsed);
}

export function orderExportRecord(
  row: OrderExportRow,
  { mask }: Pick<OrderExportOptions, 'mask'>,
): OrderExportRecord {
  return {
    requestId: row.requestId,
    orderId: row.orderId,
    productId: row.productId,
    product: row.productName,
    destination: mask ? maskDestination(row.destination) : destinationText(row.destination),
    danaPriceMinor: minorUnits(row.priceMinor, 'danaPriceMinor', row.requestId),
    supplier: row.supplier,
    supplierRef: row.supplierRef,
    supplierCostMinor:
      row.supplierCostMinor === null
        ? null
        : minorUnits(row.supplierCostMinor, 'supplierCostMinor', row.requestId),
    status: row.status,
    createdAt: gmt7(row.createdAt, 'createdAt', row.requestId),
    settledAt: row.settledAt === null ? null : gmt7(row.settledAt, 'settledAt', row.requestId),
  };
}

/** The content type each format is served as. */
export const ORDER_EXPORT_CONTENT_TYPES: Record<OrderExportFormat, string> = {
  csv: 'text/csv; charset=utf-8; header=present',
  jsonl: 'application/x-ndjson; charset=utf-8',
};

/**
 * A file name naming the period in GMT+7 without the characters file systems refuse (`:`), e.g.
 * `kios-orders-2025-01-01T000000.000+0700-to-2025-02-01T000000.000+0700.csv`.
 */
export function orderExportFileName(
  { from, to }: { from: Date; to: Date },
  format: OrderExportFormat,
): string {
  const bound = (instant: Date) => formatEventTime(instant).replace(/:/g, '');
  return `kios-orders-${bound(from)}-to-${bound(to)}.${format}`;
}
