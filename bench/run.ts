import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Bench, BenchResult } from './bench-result';
import { benchEventStore } from './event-store.bench';

/** Every bench of the project; add yours here. */
const benches: Bench[] = [{ name: 'event store', run: benchEventStore }];

/** `npm run bench`: runs every bench, prints a markdown table, writes bench/results/bench.json. */
async function main(): Promise<void> {
  const results: BenchResult[] = [];
  for (const bench of benches) {
    process.stderr.write(`running ${bench.name} bench…\n`);
    results.push(...(await bench.run()));
  }
  console.log(toMarkdown(results));
  // Compiled to dist/bench/run.js; results go to the source tree's bench/results (git-ignored).
  const folder = join(__dirname, '..', '..', 'bench', 'results');
  mkdirSync(folder, { recursive: true });
  const report = { node: process.version, platform: `${process.platform}-${process.arch}`, results };
  writeFileSync(join(folder, 'bench.json'), `${JSON.stringify(report, null, 2)}\n`);
}

function toMarkdown(results: BenchResult[]): string {
  const number = (n: number) => Math.round(n).toLocaleString('en-US');
  const rows = results.map((r) =>
    [
      r.name,
      number(r.value),
      r.unit,
      `${r.baseline.name}: ${number(r.baseline.value)}`,
      `${(r.ratio * 100).toFixed(0)}%`,
      r.goal ?? '',
    ].join(' | '),
  );
  return [
    '| name | value | unit | baseline | ratio | goal |',
    '| --- | ---: | --- | --- | ---: | --- |',
    ...rows.map((row) => `| ${row} |`),
  ].join('\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
