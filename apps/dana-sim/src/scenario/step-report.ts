import type { KiosAnswer } from '../kios/kios-api';
import { checkEqual } from './expectations';
import type { Expectations, ScenarioStep } from './scenario-file';

/** One step's outcome: passed when nothing was wrong. */
export interface StepVerdict {
  step: string;
  number: number;
  call: ScenarioStep['call'];
  passed: boolean;
  /** What did not match, in words; empty when it passed. */
  problems: string[];
  /** What happened, in a few words. */
  summary: string;
  ms: number;
  requestId?: string;
}

/** The outcome of one step so far: problems found and words for the summary. */
export class StepReport {
  readonly problems: string[] = [];
  readonly said: string[] = [];

  fail(...problems: string[]): void {
    this.problems.push(...problems);
  }

  say(text: string): void {
    this.said.push(text);
  }

  /** Continues the last thing said, e.g. `20 PENDING` → `20 PENDING → 10 SUCCESS`. */
  continue(text: string): void {
    if (this.said.length === 0) this.said.push(text);
    else this.said[this.said.length - 1] += ` ${text}`;
  }
}

/** The body of an answer with the expected HTTP status and kios's valid signature; undefined to stop the step. */
export function answered<Body>(
  answer: KiosAnswer<Body>,
  expect: Expectations,
  report: StepReport,
): KiosAnswer<Body>['body'] {
  if (!answer.signature.ok) report.fail(`kios's answer is not trusted: ${answer.signature.reason}`);
  const result = answer.body?.resultInfo;
  if (answer.httpStatus !== expect.httpStatus) {
    const said = result ? ` (${result.resultCode}: ${result.resultMsg})` : '';
    report.fail(`expected HTTP ${expect.httpStatus}, got ${answer.httpStatus}${said}`);
    return undefined;
  }
  if (expect.httpStatus !== 200) {
    report.say(`HTTP ${answer.httpStatus} ${result?.resultCode ?? ''}`.trim());
    report.fail(...checkEqual('resultCode', expect.resultCode, result?.resultCode));
    return undefined;
  }
  if (!answer.body) report.fail('kios answered without a response body');
  return answer.signature.ok ? answer.body : undefined;
}
