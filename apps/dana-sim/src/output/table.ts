/** Aligned columns for people; widths count what the reader sees, not colour codes. */
export interface Column {
  header: string;
  /** Numbers and amounts read best right-aligned. */
  align?: 'left' | 'right';
}

// eslint-disable-next-line no-control-regex
const ANSI_SEQUENCE = /\u001b\[[0-9;]*m/g;

/** What the reader sees: the text without its colour codes. */
export function plainText(text: string): string {
  return text.replace(ANSI_SEQUENCE, '');
}

export function visibleLength(text: string): number {
  return plainText(text).length;
}

export function pad(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const fill = ' '.repeat(Math.max(0, width - visibleLength(text)));
  return align === 'right' ? fill + text : text + fill;
}

const GAP = '  ';

/** The rows under a header line, every column as wide as its widest cell; no trailing spaces. */
export function renderTable(columns: Column[], rows: string[][]): string {
  const widths = columns.map((column, index) =>
    Math.max(visibleLength(column.header), ...rows.map((row) => visibleLength(row[index] ?? ''))),
  );
  const line = (cells: string[]) =>
    columns
      .map((column, index) => pad(cells[index] ?? '', widths[index], column.align))
      .join(GAP)
      .trimEnd();
  return [line(columns.map((column) => column.header)), ...rows.map(line)].join('\n');
}

/** `label  value` lines with the values lined up. */
export function renderFields(fields: [label: string, value: string][]): string {
  const width = Math.max(0, ...fields.map(([label]) => visibleLength(label)));
  return fields.map(([label, value]) => `${pad(label, width)}${GAP}${value}`.trimEnd()).join('\n');
}
