import {
  ORDER_EXPORT_COLUMNS,
  type OrderExportFormat,
  type OrderExportOptions,
  type OrderExportRecord,
  type OrderExportRow,
  orderExportRecord,
} from './order-export';

/**
 * The export as text, CSV (RFC 4180) or JSON lines, produced as the rows arrive: an async generator
 * of chunks of about CHUNK_CHARACTERS, so a million orders pass through without being held, and the
 * reader (a file, stdout, an HTTP response) sets the pace — wrapped in `Readable.from` and piped, the
 * generator is not asked for the next chunk until the destination has drained.
 */

/** Big enough that writing costs little per row, small enough that memory stays flat. */
const CHUNK_CHARACTERS = 64 * 1024;

/** A field quoted when it holds a comma, a quote or a line break, its quotes doubled (RFC 4180 §2.6–2.7); null is empty. */
export function csvField(value: string | null): string {
  if (value === null) return '';
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One CSV record, ended with CRLF as RFC 4180 §2.1 writes it. */
export function csvRecord(values: readonly (string | null)[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** What opens the file: CSV's header record; JSON lines need none (each object names its fields). */
export function orderExportHeader(format: OrderExportFormat): string {
  return format === 'csv' ? csvRecord(ORDER_EXPORT_COLUMNS) : '';
}

/** One order as one line of the format, its line end included; JSON keys in the columns' order. */
export function orderExportLine(record: OrderExportRecord, format: OrderExportFormat): string {
  return format === 'csv'
    ? csvRecord(ORDER_EXPORT_COLUMNS.map((column) => record[column]))
    : `${JSON.stringify(record)}\n`;
}

/** The whole export of `rows`, header first, in chunks (see above); an empty period is the header alone. */
export async function* orderExportChunks(
  rows: AsyncIterable<OrderExportRow>,
  options: OrderExportOptions,
): AsyncGenerator<string> {
  let chunk = orderExportHeader(options.format);
  for await (const row of rows) {
    chunk += orderExportLine(orderExportRecord(row, options), options.format);
    if (chunk.length >= CHUNK_CHARACTERS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}
