import type { RebuildProgress } from '@kios/projections';
import { progressBar, progressLine, ProgressRenderer } from '../src/commands/projections-progress';
import { formatDuration } from '../src/progress-bar';

const progress = (overrides: Partial<RebuildProgress> = {}): RebuildProgress => ({
  phase: 'replaying',
  projections: ['order_detail'],
  eventsDone: 45_000,
  eventsTotal: 100_000,
  elapsedMs: 3_600,
  ...overrides,
});

class Output {
  text = '';
  constructor(readonly isTTY: boolean) {}
  write(chunk: string) {
    this.text += chunk;
  }
}

describe('rebuild progress', () => {
  it('draws a bar with events done of the total, the rate and the time left', () => {
    expect(progressBar(progress())).toBe(
      `[${'='.repeat(14)}>${' '.repeat(15)}] 45,000/100,000 events  12,500 ev/s  ETA 4s`,
    );
    expect(progressBar(progress({ eventsDone: 100_000, elapsedMs: 8_000 }))).toBe(
      `[${'='.repeat(30)}] 100,000/100,000 events  12,500 ev/s  ETA 0s`,
    );
    expect(progressBar(progress({ eventsDone: 0, eventsTotal: undefined, elapsedMs: 0 }))).toBe(
      `[>${' '.repeat(29)}] 0/? events  0 ev/s  ETA ?`,
    );
  });

  it('says the same in one line for a log', () => {
    expect(progressLine(progress())).toBe(
      'replaying order_detail: 45,000/100,000 events (45%), 12,500 ev/s, ETA 4s',
    );
  });

  it('writes durations as seconds, minutes or hours', () => {
    expect([4.4, 65, 3_725, 0].map(formatDuration)).toEqual(['4s', '1m 05s', '1h 02m', '0s']);
  });

  it('redraws one line in place on a terminal, at most every 100 ms, and ends it before the next phase', () => {
    const out = new Output(true);
    const renderer = new ProgressRenderer(out);

    renderer.update(progress({ eventsDone: 1_000, elapsedMs: 100 }));
    renderer.update(progress({ eventsDone: 2_000, elapsedMs: 150 })); // too soon: skipped
    renderer.update(progress({ eventsDone: 3_000, elapsedMs: 250 }));
    renderer.update(progress({ phase: 'switching', eventsDone: 100_000, elapsedMs: 260 }));
    renderer.finish();

    const frames = out.text.split('\r').filter(Boolean);
    expect(frames).toHaveLength(2);
    expect(frames[0]).toBe(`${progressBar(progress({ eventsDone: 1_000, elapsedMs: 100 }))}\x1b[K`);
    expect(frames[1]).toBe(
      `${progressBar(progress({ eventsDone: 3_000, elapsedMs: 250 }))}\x1b[K\nswitching order_detail\n`,
    );
  });

  it('prints plain lines without a terminal: at each tenth of the way, or after 5 s without one', () => {
    const out = new Output(false);
    const renderer = new ProgressRenderer(out);

    for (const [eventsDone, elapsedMs] of [
      [1_000, 100],
      [5_000, 400], // still under a tenth
      [10_500, 900], // a tenth
      [12_000, 1_000],
      [13_000, 6_500], // 5 s since the last line
    ]) {
      renderer.update(progress({ eventsDone, elapsedMs }));
    }
    renderer.update(progress({ phase: 'done', eventsDone: 100_000, elapsedMs: 7_000 }));
    renderer.finish();

    expect(out.text).not.toContain('\r');
    expect(
      out.text
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split(':')[1].trim().split(' ')[0]),
    ).toEqual(['1,000/100,000', '10,500/100,000', '13,000/100,000', '100,000/100,000']);
  });
});
