import { countBar } from '../progress-bar';
import type { ProgressOutput } from './projections-progress';

/** A terminal redraws at most this often; faster only burns the time the export needs. */
const REDRAW_MS = 100;
const ROWS = { plural: 'rows', perSecond: 'rows/s' };

/**
 * An export's progress on a terminal: one bar redrawn in place, rows written of the total when it
 * was cheap to count, and rows per second. Where the output is no terminal (a log, a pipe, a test)
 * it writes nothing at all, so stderr stays empty for the scripts that read it.
 */
export class ExportProgress {
  private done = 0;
  private lastDrawnMs = Number.NEGATIVE_INFINITY;
  private readonly startedMs: number;

  constructor(
    private readonly out: ProgressOutput,
    /** Milliseconds on a monotonic clock (performance.now). */
    private readonly nowMs: () => number,
    private readonly total?: number,
  ) {
    this.startedMs = nowMs();
  }

  get shown(): boolean {
    return this.out.isTTY === true;
  }

  /** One more row written. */
  row(): void {
    this.done += 1;
    if (!this.shown) return;
    const now = this.nowMs();
    if (now - this.lastDrawnMs >= REDRAW_MS) this.draw(now);
  }

  /** The last figures, and the bar's line ended so what follows starts on its own. */
  finish(): void {
    if (!this.shown) return;
    this.draw(this.nowMs());
    this.out.write('\n');
  }

  private draw(now: number): void {
    const bar = countBar({ done: this.done, total: this.total, elapsedMs: now - this.startedMs }, ROWS);
    this.out.write(`\r${bar}\x1b[K`);
    this.lastDrawnMs = now;
  }
}
