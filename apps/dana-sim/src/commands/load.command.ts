import { parseArgs } from 'node:util';
import { systemClock } from '@kios/dana-protocol';
import { kiosOptions, positionals, positiveNumber } from '../cli/options';
import { openKiosApi } from '../kios/kios-api';
import { DEFAULT_MIX, presignMix, readMixFile } from '../load/load-mix';
import { type LoadReport, summarise } from '../load/load-report';
import { fireOpenLoop } from '../load/open-loop';
import { newRequestId } from '../orders/request-id';
import { secondsText } from '../output/dana-format';
import { renderFields } from '../output/table';
import { type SimContext, SimError } from '../sim-context';

export const loadUsage = `dana-sim load --rate <requests/s> --duration <seconds> [--mix <file>] [--kios <url>] [--json]

  Load from DANA's side: every request is signed before the timed phase, then sent open loop at
  the given rate (on schedule whatever the answers do). Reports throughput, errors (no answer,
  not HTTP 200, untrusted signature) and p50/p95/p99 latency from each request's scheduled time.
  Without --mix: Create Order for TSEL-10K to distinct numbers, with an inquiry for every four.
  A mix file is a YAML/JSON list, e.g.
    - { call: createOrder, productId: TSEL-10K, destination: "0812#######5", weight: 4 }
    - { call: inquire, productId: PLN-POSTPAID, destination: "5321100####5" }
    - { call: products, type: MOBILE_CREDIT, provider: telkomsel }
  (# = digits of the request's number; createOrder takes \`price\` or asks one inquiry for it).
  Exit code 0 when no request failed.

  example: dana-sim load --rate 50 --duration 10`;

/** More would only measure this machine's memory; a longer run should use several processes. */
const MAX_REQUESTS = 1_000_000;

export async function load(args: string[], context: SimContext): Promise<number> {
  const { values, positionals: given } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      ...kiosOptions,
      rate: { type: 'string' },
      duration: { type: 'string' },
      mix: { type: 'string' },
    },
  });
  positionals(given, [], loadUsage);
  if (!values.rate || !values.duration)
    throw new SimError(`--rate and --duration are required\n\n${loadUsage}`);
  const ratePerSecond = positiveNumber(values.rate, '--rate', 'requests per second');
  const durationSeconds = positiveNumber(values.duration, '--duration', 'seconds');
  const count = Math.max(1, Math.round(ratePerSecond * durationSeconds));
  if (count > MAX_REQUESTS)
    throw new SimError(`--rate × --duration is ${count} requests; at most ${MAX_REQUESTS}`);
  const mix = values.mix ? readMixFile(values.mix) : DEFAULT_MIX;
  const api = await openKiosApi(context, values.kios);

  const signing = performance.now();
  const runId = newRequestId(systemClock.now(), 'LOAD');
  const requests = await presignMix(api, mix, count, runId);
  const presignMs = performance.now() - signing;
  if (!values.json) {
    context.note(
      `${count} requests signed in ${secondsText(presignMs)}; sending ${ratePerSecond}/s for ${durationSeconds} s…`,
    );
  }
  const run = await fireOpenLoop(requests, ratePerSecond, ({ request }) => api.send(request));
  const report = summarise(run, { ratePerSecond, durationSeconds, presignMs });
  if (values.json) context.printJson(report);
  else context.print(renderFields(reportFields(context, report)));
  return report.errors === 0 ? 0 : 1;
}

function reportFields({ style }: SimContext, report: LoadReport): [string, string][] {
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const { latencyMs: latency } = report;
  const reasons = Object.entries(report.errorReasons).map(([reason, count]) => `${count}× ${reason}`);
  return [
    ['rate', `${report.ratePerSecond}/s for ${report.durationSeconds} s, open loop`],
    [
      'sent',
      `${report.sent} (signed beforehand in ${secondsText(report.presignMs)}; latest ${ms(report.maxSendLagMs)} behind schedule)`,
    ],
    [
      'throughput',
      `${report.throughputPerSecond.toFixed(1)}/s answered OK over ${report.elapsedSeconds.toFixed(2)} s`,
    ],
    ['errors', report.errors === 0 ? style.good('0') : style.bad(`${report.errors}: ${reasons.join(', ')}`)],
    [
      'latency',
      `p50 ${ms(latency.p50)}  p95 ${ms(latency.p95)}  p99 ${ms(latency.p99)}  max ${ms(latency.max)}`,
    ],
    [
      'outcomes',
      Object.entries(report.outcomes)
        .map(([outcome, count]) => `${outcome} ${count}`)
        .join(', ') || '-',
    ],
  ];
}
