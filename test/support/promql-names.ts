/**
 * The metric names a PromQL expression selects, so a test can hold a dashboard's and an alert
 * file's queries to the names kios's /metrics exposes. Not a PromQL parser: it removes what can
 * hold identifiers that are not metric names — strings, label matchers, ranges, the label lists of
 * `by`, `without`, `on`, `ignoring`, `group_left` and `group_right`, Grafana's `$variables` —
 * then keeps each remaining identifier that is not a function or aggregation (followed by `(`), a
 * keyword, or part of a number or duration (`5m`, `1e3`).
 */
const KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'atan2',
  'bool',
  'offset',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'inf',
  'nan',
]);

export function metricNamesIn(expression: string): string[] {
  const bare = expression
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, ' ')
    .replace(/\$\{[^}]*\}|\$\w+/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  // Whole identifiers only (not the tail of `5m` or `1e3`), and not a function's name.
  const identifiers = bare.match(/(?<![\w:.])[a-zA-Z_:][\w:]*(?![\w:]|\s*\()/g) ?? [];
  return [...new Set(identifiers.filter((name) => !KEYWORDS.has(name.toLowerCase())))];
}
