/** How far a long command has gone: a count done, of a total when it is known, over the time taken. */
export interface CountProgress {
  done: number;
  total?: number;
  elapsedMs: number;
}

/** What is counted: `events` and `ev/s`, `rows` and `rows/s`. */
export interface CountUnit {
  plural: string;
  perSecond: string;
}

const BAR_WIDTH = 30;

export const count = (n: number): string => Math.round(n).toLocaleString('en-US');

/** 4s, 1m 05s, 2h 03m. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export function rate(progress: CountProgress): number {
  return progress.elapsedMs > 0 ? (progress.done * 1000) / progress.elapsedMs : 0;
}

/** The share done, undefined while the total is unknown (or nothing at all is to be done). */
export function fraction(progress: CountProgress): number | undefined {
  if (progress.total === undefined || progress.total === 0) return undefined;
  return Math.min(1, progress.done / progress.total);
}

/** The time left at the rate so far, or undefined when it cannot be told. */
export function secondsLeft(progress: CountProgress): number | undefined {
  const perSecond = rate(progress);
  return fraction(progress) === undefined || perSecond === 0
    ? undefined
    : (progress.total! - progress.done) / perSecond;
}

/** `[=====>    ] 45,000/100,000 events  12,345 ev/s  ETA 4s` */
export function countBar(progress: CountProgress, unit: CountUnit): string {
  const filled = Math.round((fraction(progress) ?? 0) * BAR_WIDTH);
  const bar =
    filled >= BAR_WIDTH
      ? '='.repeat(BAR_WIDTH)
      : `${'='.repeat(filled)}>${' '.repeat(BAR_WIDTH - filled - 1)}`;
  const total = progress.total === undefined ? '?' : count(progress.total);
  const left = secondsLeft(progress);
  const eta = left === undefined ? 'ETA ?' : `ETA ${formatDuration(left)}`;
  return `[${bar}] ${count(progress.done)}/${total} ${unit.plural}  ${count(rate(progress))} ${unit.perSecond}  ${eta}`;
}
