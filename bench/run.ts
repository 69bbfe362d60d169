import { cpus } from 'node:os';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Bench, BenchResult } from './bench-result';

/**
 * `npm run bench [-- <name>...]`: runs every benchmark of the project — each function named
 * `bench…` exported by a `bench/*.bench.ts` file, found by looking, so none can be forgotten — then
 * prints one markdown table of every figure beside its same-run baseline, and writes it to
 * bench/results/bench.md and bench/results/bench.json. Names narrow the run to those benches.
 */
async function main(only: string[]): Promise<void> {
  const benches = await discoverBenches();
  const chosen = only.length === 0 ? benches : benches.filter((bench) => only.includes(bench.name));
  if (chosen.length === 0) {
    throw new Error(
      `no bench named ${only.join(', ')}; there are ${benches.map((bench) => bench.name).join(', ')}`,
    );
  }
  const groups: { bench: string; results: BenchResult[] }[] = [];
  for (const bench of chosen) {
    process.stderr.write(`running the ${bench.name} bench…\n`);
    groups.push({ bench: bench.name, results: await bench.run() });
  }
  const machine = `${process.platform}-${process.arch}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}`;
  const report = { node: process.version, machine, ranAt: new Date().toISOString(), benches: groups };
  const markdown = toMarkdown(report);
  console.log(markdown);

  const folder = join(sourceRoot(), 'bench', 'results');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'bench.md'), `${markdown}\n`);
  writeFileSync(join(folder, 'bench.json'), `${JSON.stringify(report, null, 2)}\n`);
  process.stderr.write(`written: ${join(folder, 'bench.md')} and bench.json\n`);
}

/** Compiled, this file is dist/bench/run.js; from source (register-ts), bench/run.ts. */
function sourceRoot(): string {
  return __filename.endsWith('.js') ? join(__dirname, '..', '..') : join(__dirname, '..');
}

async function discoverBenches(): Promise<Bench[]> {
  const files = readdirSync(__dirname)
    .filter((file) => /\.bench\.(ts|js)$/.test(file) && !file.endsWith('.d.ts'))
    .sort();
  const benches: Bench[] = [];
  for (const file of files) {
    const exported = (await import(join(__dirname, file))) as Record<string, unknown>;
    const runs = Object.entries(exported).filter(
      (entry): entry is [string, Bench['run']] =>
        entry[0].startsWith('bench') && typeof entry[1] === 'function',
    );
    if (runs.length === 0) throw new Error(`bench/${file} exports no bench… function`);
    const name = basename(file).replace(/\.bench\.(ts|js)$/, '');
    for (const [exportName, run] of runs) {
      benches.push({ name: runs.length === 1 ? name : `${name}/${exportName}`, run });
    }
  }
  return benches;
}

/** Thousands separated from 100 up; two decimals below (latencies in ms). */
function figure(value: number): string {
  return Math.abs(value) >= 100
    ? Math.round(value).toLocaleString('en-US')
    : value.toLocaleString('en-US', { maximumFractionDigits: 2, minimumFractionDigits: 2 });
}

function toMarkdown(report: {
  node: string;
  machine: string;
  ranAt: string;
  benches: { bench: string; results: BenchResult[] }[];
}): string {
  const rows = report.benches.flatMap(({ bench, results }) =>
    results.map((result) =>
      [
        bench,
        result.name,
        `${figure(result.value)} ${result.unit}`,
        `${result.baseline.name}: ${figure(result.baseline.value)}`,
        `${result.ratio.toFixed(2)}×`,
        result.goal ?? '',
      ].join(' | '),
    ),
  );
  return [
    `kios benchmarks — node ${report.node}, ${report.machine}, ${report.ranAt}`,
    '',
    '| bench | figure | value | same-run baseline | ratio | goal |',
    '| --- | --- | ---: | --- | ---: | --- |',
    ...rows.map((row) => `| ${row} |`),
  ].join('\n');
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
