/** How dana-sim marks words for people: colours on a terminal, plain text anywhere else (pipes, files, tests). */
export interface Style {
  good(text: string): string;
  bad(text: string): string;
  warn(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const sgr =
  (open: number, close: number) =>
  (text: string): string =>
    `\u001b[${open}m${text}\u001b[${close}m`;

const coloured: Style = {
  good: sgr(32, 39),
  bad: sgr(31, 39),
  warn: sgr(33, 39),
  dim: sgr(2, 22),
  bold: sgr(1, 22),
};

const same = (text: string): string => text;
const plain: Style = { good: same, bad: same, warn: same, dim: same, bold: same };

/**
 * Colours only on a TTY, never when NO_COLOR is set (https://no-color.org); FORCE_COLOR turns them on
 * for a pipe whose reader is a terminal (the acceptance run forwards dana-sim's output).
 */
export function styleFor(stream: { isTTY?: boolean }, env: Record<string, string | undefined>): Style {
  if (env.NO_COLOR) return plain;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return coloured;
  return stream.isTTY === true ? coloured : plain;
}

/** What a status word means to a reader: SUCCESS is good, FAILED/EMPTY bad, PENDING not yet. */
export function styleStatus(style: Style, status: string, text = status): string {
  switch (status) {
    case 'SUCCESS':
      return style.good(text);
    case 'PENDING':
      return style.warn(text);
    default:
      return style.bad(text);
  }
}
