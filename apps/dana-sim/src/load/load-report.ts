import type { LoadRun } from './open-loop';

export interface LoadReport {
  ratePerSecond: number;
  durationSeconds: number;
  /** How long signing every request took, before the timed phase. */
  presignMs: number;
  sent: number;
  /** Requests kios answered with a trusted HTTP 200. */
  succeeded: number;
  errors: number;
  /** Errors by reason, e.g. `{"HTTP 500": 2}`. */
  errorReasons: Record<string, number>;
  elapsedSeconds: number;
  /** Trusted 200 answers per second over the whole run, drain included. */
  throughputPerSecond: number;
  /** Of every answered request, from when it was due. */
  latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number };
  /** The most any request left behind its schedule: large values mean this machine, not kios, was the limit. */
  maxSendLagMs: number;
  /** Business answers by call, e.g. `{"createOrder SUCCESS": 40}`. */
  outcomes: Record<string, number>;
}

/** Nearest-rank percentile of ascending values; 0 for none. */
export function percentile(sortedAscending: number[], p: number): number {
  if (sortedAscending.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sortedAscending.length);
  return sortedAscending[Math.min(sortedAscending.length, Math.max(1, rank)) - 1];
}

export function summarise(
  run: LoadRun,
  plan: { ratePerSecond: number; durationSeconds: number; presignMs: number },
): LoadReport {
  const latencies = run.shots
    .flatMap((shot) => (shot.latencyMs === undefined ? [] : [shot.latencyMs]))
    .sort((a, b) => a - b);
  const failed = run.shots.filter((shot) => shot.error !== undefined);
  const succeeded = run.shots.length - failed.length;
  const elapsedSeconds = run.elapsedMs / 1000;
  return {
    ...plan,
    sent: run.shots.length,
    succeeded,
    errors: failed.length,
    errorReasons: countBy(failed.map((shot) => shot.error!)),
    elapsedSeconds,
    throughputPerSecond: elapsedSeconds > 0 ? succeeded / elapsedSeconds : 0,
    latencyMs: {
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      max: latencies.at(-1) ?? 0,
      mean: latencies.length > 0 ? latencies.reduce((sum, ms) => sum + ms, 0) / latencies.length : 0,
    },
    maxSendLagMs: Math.max(0, ...run.shots.map((shot) => shot.sendLagMs)),
    outcomes: countBy(run.shots.flatMap((shot) => (shot.outcome ? [`${shot.call} ${shot.outcome}`] : []))),
  };
}

function countBy(keys: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
  return counts;
}
