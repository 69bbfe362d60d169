import type { BenchResult } from '../bench-result';

/** One timed span: how many orders (or purchases) it served and the main thread's busy ms on them. */
export type Span = {
  count: number;
  eluMs: number;
  cpuMs?: number;
  /** The part of eluMs the thread spent waiting for a core (schedstat), when read. */
  waitMs?: number;
};

/** Two ways of counting a main thread's busy time (main-thread-time.ts). */
export const MEASURES = [
  { field: 'eluMs', label: 'time (ELU × wall time)' },
  { field: 'cpuMs', label: 'CPU time' },
] as const;
export type Measure = (typeof MEASURES)[number];

/** µs of main thread per order over the spans; undefined when a span lacks the measure. */
export function usPerItem(spans: Span[], measure: Measure): number | undefined {
  const busy = spans.map((span) => span[measure.field]);
  if (busy.some((ms) => ms === undefined)) return undefined;
  return (sum(busy as number[]) * 1000) / sum(spans.map((span) => span.count));
}

export type Comparison = {
  /** e.g. "kios's main-thread {measure} per Digiflazz order"; `{measure}` is replaced. */
  figure: string;
  /** e.g. "the Digiflazz adapter adds per order". */
  added: string;
  /** The same-run spans without the adapter: their name, e.g. "simulator supplier, same 6 rounds". */
  baseline: string;
  /** Round by round: the spans with the adapter and without it, paired by index. */
  withAdapter: Span[];
  without: Span[];
  goalUs: number;
};

/**
 * For each measure the spans have: the figure with the adapter beside the figure without it, then
 * what the adapter adds with its goal's PASS/FAIL, and how far the rounds' own differences spread.
 */
export function addedCostResults(comparison: Comparison): BenchResult[] {
  const { withAdapter, without, goalUs } = comparison;
  return MEASURES.flatMap((measure): BenchResult[] => {
    const value = usPerItem(withAdapter, measure);
    const baseline = usPerItem(without, measure);
    if (value === undefined || baseline === undefined) return [];
    const added = value - baseline;
    const rounds = withAdapter
      .map((span, round) => usPerItem([span], measure)! - usPerItem([without[round]], measure)!)
      .sort((a, b) => a - b);
    const spread = `rounds: median ${Math.round(median(rounds))}, ${Math.round(rounds[0])} to ${Math.round(rounds[rounds.length - 1])}`;
    return [
      {
        name: comparison.figure.replace('{measure}', measure.label),
        value,
        unit: 'µs',
        baseline: { name: comparison.baseline, value: baseline },
        ratio: value / baseline,
      },
      {
        name: `Main-thread ${measure.label} ${comparison.added} (${spread})`,
        value: added,
        unit: 'µs',
        baseline: { name: 'goal (µs)', value: goalUs },
        ratio: added / goalUs,
        goal: `≤ ${goalUs} µs added: ${added <= goalUs ? 'PASS' : 'FAIL'}`,
      },
    ];
  });
}

/** "ELU 1234 µs, CPU 567 µs" per item of one span. */
export function describeSpan(span: Span): string {
  return MEASURES.flatMap((measure) => {
    const us = usPerItem([span], measure);
    return us === undefined ? [] : [`${measure.field === 'eluMs' ? 'ELU' : 'CPU'} ${Math.round(us)} µs`];
  }).join(', ');
}

function median(sorted: number[]): number {
  const middle = sorted.length / 2;
  return sorted.length % 2 === 1 ? sorted[Math.floor(middle)] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
