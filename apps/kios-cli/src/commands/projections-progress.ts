import type { RebuildProgress } from '@kios/projections';

const BAR_WIDTH = 30;
/** A terminal redraws at most this often; faster only burns the time the rebuild needs. */
const REDRAW_MS = 100;
/** Without a terminal (a log, CI), a plain line this often, and at every tenth of the way. */
const PLAIN_LINE_MS = 5_000;

const count = (n: number): string => Math.round(n).toLocaleString('en-US');

/** 4s, 1m 05s, 2h 03m. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

function rate(progress: RebuildProgress): number {
  return progress.elapsedMs > 0 ? (progress.eventsDone * 1000) / progress.elapsedMs : 0;
}

function fraction(progress: RebuildProgress): number | undefined {
  if (progress.eventsTotal === undefined || progress.eventsTotal === 0) return undefined;
  return Math.min(1, progress.eventsDone / progress.eventsTotal);
}

/** `[=====>    ] 45,000/100,000 events  12,345 ev/s  ETA 4s` */
export function progressBar(progress: RebuildProgress): string {
  const done = fraction(progress);
  const filled = Math.round((done ?? 0) * BAR_WIDTH);
  const bar =
    filled >= BAR_WIDTH
      ? '='.repeat(BAR_WIDTH)
      : `${'='.repeat(filled)}>${' '.repeat(BAR_WIDTH - filled - 1)}`;
  const total = progress.eventsTotal === undefined ? '?' : count(progress.eventsTotal);
  const perSecond = rate(progress);
  const eta =
    done === undefined || perSecond === 0
      ? 'ETA ?'
      : `ETA ${formatDuration((progress.eventsTotal! - progress.eventsDone) / perSecond)}`;
  return `[${bar}] ${count(progress.eventsDone)}/${total} events  ${count(perSecond)} ev/s  ${eta}`;
}

/** One line for a log: `replaying order_detail: 45,000/100,000 events (45%), 12,345 ev/s, ETA 4s`. */
export function progressLine(progress: RebuildProgress): string {
  const done = fraction(progress);
  const total = progress.eventsTotal === undefined ? '' : `/${count(progress.eventsTotal)}`;
  const percent = done === undefined ? '' : ` (${Math.floor(done * 100)}%)`;
  const perSecond = rate(progress);
  const eta =
    done === undefined || perSecond === 0
      ? ''
      : `, ETA ${formatDuration((progress.eventsTotal! - progress.eventsDone) / perSecond)}`;
  return (
    `${progress.phase} ${progress.projections.join(', ')}: ${count(progress.eventsDone)}${total} events` +
    `${percent}, ${count(perSecond)} ev/s${eta}`
  );
}

export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

/**
 * Shows a rebuild's progress: on a terminal one bar redrawn in place, otherwise plain lines now and
 * then. Times come from the progress itself, so what it prints depends only on what it is given.
 */
export class ProgressRenderer {
  private lastDrawnMs = Number.NEGATIVE_INFINITY;
  private lastTenth = -1;
  private lastPhase?: RebuildProgress['phase'];
  private barShown = false;

  constructor(private readonly out: ProgressOutput) {}

  update(progress: RebuildProgress): void {
    if (this.out.isTTY) this.drawBar(progress);
    else this.printLine(progress);
  }

  /** Ends the bar's line, so what is printed next starts on its own. */
  finish(): void {
    if (this.barShown) this.out.write('\n');
    this.barShown = false;
  }

  private drawBar(progress: RebuildProgress): void {
    const phaseChanged = progress.phase !== this.lastPhase;
    if (!phaseChanged && progress.elapsedMs - this.lastDrawnMs < REDRAW_MS) return;
    if (phaseChanged && progress.phase !== 'replaying') {
      this.finish();
      this.out.write(`${progress.phase} ${progress.projections.join(', ')}\n`);
    } else {
      this.out.write(`\r${progressBar(progress)}\x1b[K`);
      this.barShown = true;
    }
    this.lastPhase = progress.phase;
    this.lastDrawnMs = progress.elapsedMs;
  }

  private printLine(progress: RebuildProgress): void {
    const done = fraction(progress);
    const tenth = done === undefined ? this.lastTenth : Math.floor(done * 10);
    const due =
      progress.phase !== this.lastPhase ||
      tenth > this.lastTenth ||
      progress.elapsedMs - this.lastDrawnMs >= PLAIN_LINE_MS;
    if (!due) return;
    this.out.write(`${progressLine(progress)}\n`);
    this.lastPhase = progress.phase;
    this.lastTenth = tenth;
    this.lastDrawnMs = progress.elapsedMs;
  }
}
