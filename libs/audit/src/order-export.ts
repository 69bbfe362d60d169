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
  createdAt: Date;
  /** When the order became final; null while it is not. */
  settledAt: Date | null;
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
    createdAt: formatEventTime(row.createdAt),
    settledAt: row.settledAt === null ? null : formatEventTime(row.settledAt),
  };
}
