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

/**
 * A text a spreadsheet would run as a formula: it starts with `=`, `+`, `-`, `@`, a tab or a carriage
 * return (OWASP "CSV Injection"), unless it is a plain signed number such as `+6281234567890`, which a
 * spreadsheet only reads as a number.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const SIGNED_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/**
 * A field as CSV: a text a spreadsheet would run as a formula (a requestId or destination is DANA's
 * input, a product name the catalog's) gets a leading `'`, which spreadsheets show as text; then it is
 * quoted when it holds a comma, a quote or a line break, its quotes doubled (RFC 4180 §2.6–2.7). Null
 * is empty.
 */
export function csvField(value: string | null): string {
  if (value === null) return '';
  const text = FORMULA_START.test(value) && !SIGNED_NUMBER.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
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
