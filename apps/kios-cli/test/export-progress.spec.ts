import { ExportProgress } from '../src/commands/export-progress';

class Output {
  text = '';
  constructor(readonly isTTY: boolean) {}
  write(chunk: string) {
    this.text += chunk;
  }
}

/** A clock the test moves by hand, in milliseconds. */
function handClock() {
  let now = 1_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('export progress', () => {
  it('redraws one bar in place on a terminal, at most every 100 ms: rows of the total and rows/s', () => {
    const out = new Output(true);
    const clock = handClock();
    const progress = new ExportProgress(out, clock.now, 1_000);

    progress.row(); // drawn: the first row
    clock.advance(50);
    progress.row(); // too soon: skipped
    clock.advance(950);
    for (let row = 0; row < 498; row += 1) progress.row(); // the first of these is drawn
    progress.finish();

    const frames = out.text.split('\r').filter(Boolean);
    expect(frames).toHaveLength(3);
    expect(frames[0]).toBe(`[>${' '.repeat(29)}] 1/1,000 rows  0 rows/s  ETA ?\x1b[K`);
    expect(frames[1]).toBe(`[>${' '.repeat(29)}] 3/1,000 rows  3 rows/s  ETA 5m 32s\x1b[K`);
    expect(frames[2]).toBe(
      `[${'='.repeat(15)}>${' '.repeat(14)}] 500/1,000 rows  500 rows/s  ETA 1s\x1b[K\n`,
    );
  });

  it('shows the rows written without a total when none was counted', () => {
    const out = new Output(true);
    const clock = handClock();
    const progress = new ExportProgress(out, clock.now);
    clock.advance(2_000);
    progress.row();
    progress.finish();

    expect(out.text.split('\r').at(-1)).toBe(`[>${' '.repeat(29)}] 1/? rows  1 rows/s  ETA ?\x1b[K\n`);
  });

  it('writes nothing at all where the output is no terminal', () => {
    const out = new Output(false);
    const clock = handClock();
    const progress = new ExportProgress(out, clock.now, 10);
    for (let row = 0; row < 10; row += 1) {
      clock.advance(200);
      progress.row();
    }
    progress.finish();

    expect(progress.shown).toBe(false);
    expect(out.text).toBe('');
  });
});
