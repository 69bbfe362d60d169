/** One measured figure next to the baseline it is judged against, measured in the same run. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  baseline: { name: string; value: number };
  /** value / baseline.value */
  ratio: number;
  /** What "good enough" means for this figure, in words. */
  goal?: string;
}

/** A named group of measurements that `bench/run.ts` runs. */
export interface Bench {
  name: string;
  run: () => Promise<BenchResult[]>;
}
