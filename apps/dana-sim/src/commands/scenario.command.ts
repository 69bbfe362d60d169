import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { systemClock } from '@kios/dana-protocol';
import { openCallbackSource, type OpenedCallbackSource } from '../callbacks/callback-source';
import { callbackOptions, kiosOptions, portOption, positionals } from '../cli/options';
import { openKiosApi } from '../kios/kios-api';
import { newRequestId } from '../orders/request-id';
import { secondsText } from '../output/dana-format';
import { pad, visibleLength } from '../output/table';
import { readScenarioFile } from '../scenario/scenario-file';
import { ScenarioRunner } from '../scenario/scenario-runner';
import type { StepVerdict } from '../scenario/step-report';
import type { SimContext } from '../sim-context';

export const scenarioUsage = `dana-sim scenario <file> [--kios <url>] [--callback-port 8090] [--callback-host 0.0.0.0] [--json]

  Runs the steps of a scenario file (YAML or JSON: products, inquire, createOrder, orderDetail,
  wait; each with what it expects) against kios in order, and prints each step's verdict.
  Exit code 0 only when every step passes. Steps that expect a callback read it on
  --callback-port (the port of kios's KIOS_DANA_BASE_URL), or from the dana-sim serve there.
  The format is described in apps/dana-sim/README.md and in acceptance/acceptance.yaml.

  example: dana-sim scenario acceptance/acceptance.yaml`;

const POLL_MS = 200;

export async function scenario(args: string[], context: SimContext): Promise<number> {
  const { values, positionals: given } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { ...kiosOptions, ...callbackOptions },
  });
  const [file] = positionals(given, ['<file>'], scenarioUsage);
  const steps = readScenarioFile(file);
  const api = await openKiosApi(context, values.kios);
  const callbacks: OpenedCallbackSource | undefined = steps.some((step) => step.expect.callback)
    ? await openCallbackSource({
        port: portOption(values['callback-port'], '--callback-port'),
        host: values['callback-host'],
        dana: api.client,
        now: () => systemClock.now(),
      })
    : undefined;
  try {
    const runner = new ScenarioRunner({
      api,
      callbacks,
      newRequestId: () => newRequestId(systemClock.now()),
      pollMs: POLL_MS,
    });
    const nameWidth = Math.max(...steps.map((step) => visibleLength(step.name)));
    const verdicts = await runner.run(steps, (verdict) => {
      if (!values.json) context.print(describeVerdict(context, verdict, nameWidth));
    });
    const failed = verdicts.filter((verdict) => !verdict.passed);
    if (values.json) {
      context.printJson({ file, passed: failed.length === 0, steps: verdicts });
    } else {
      context.print();
      context.print(summary(context, basename(file), verdicts, failed));
    }
    return failed.length === 0 ? 0 : 1;
  } finally {
    await callbacks?.source?.close();
  }
}

function describeVerdict({ style }: SimContext, verdict: StepVerdict, nameWidth: number): string {
  const mark = verdict.passed ? style.good('PASS') : style.bad('FAIL');
  const head = `${mark}  ${pad(verdict.step, nameWidth)}  ${pad(verdict.call, 11)}  ${verdict.summary}`;
  const lines = [`${head}  ${style.dim(secondsText(verdict.ms))}`];
  for (const problem of verdict.problems) lines.push(`      ${style.bad('✗')} ${problem}`);
  return lines.join('\n');
}

function summary(
  { style }: SimContext,
  file: string,
  verdicts: StepVerdict[],
  failed: StepVerdict[],
): string {
  const counts = `${file}: ${verdicts.length} steps, ${verdicts.length - failed.length} passed, ${failed.length} failed`;
  if (failed.length === 0) return style.good(counts);
  return [
    style.bad(counts),
    ...failed.map((verdict) => `  failed: step ${verdict.number} "${verdict.step}"`),
  ].join('\n');
}
