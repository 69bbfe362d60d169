import type { RebuildProgress } from '@kios/projections';
import {
  count,
  countBar,
  type CountProgress,
  formatDuration,
  fraction,
  rate,
  secondsLeft,
} from '../progress-bar';

/** A terminal redraws at most this often; faster only burns the time the rebuild needs. */
const REDRAW_MS = 100;
/** Without a terminal (a log, CI), a plain line this often, and at every tenth of the way. */
const PLAIN_LINE_MS = 5_000;

const EVENTS = { plural: 'events', perSecond: 'ev/s' };

const counted = (progress: RebuildProgress): CountProgress => ({
  done: progress.eventsDone,
  total: progress.eventsTotal,
  elapsedMs: progress.elapsedMs,
});

/** `[=====>    ] 45,000/100,000 events  12,345 ev/s  ETA 4s` */
export function progressBar(progress: RebuildProgress): string {
  return countBar(counted(progress), EVENTS);
}

/** One line for a log: `replaying order_detail: 45,000/100,000 events (45%), 12,345 ev/s, ETA 4s`. */
export function progressLine(progress: RebuildProgress): string {
  const done = fraction(counted(progress));
  const total = progress.eventsTotal === undefined ? '' : `/${count(progress.eventsTotal)}`;
  const percent = done === undefined ? '' : ` (${Math.floor(done * 100)}%)`;
  const perSecond = rate(counted(progress));
  const left = secondsLeft(counted(progress));
  const eta = left === undefined ? '' : `, ETA ${formatDuration(left)}`;
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
    const done = fraction(counted(progress));
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
