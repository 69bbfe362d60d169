import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { isSeq, parseDocument } from 'yaml';

const repoRoot = join(__dirname, '..');
const bundledSet = join(repoRoot, 'acceptance/acceptance.yaml');

/** `npm run acceptance -- <arguments>` as package.json runs it: from source, no build. */
function runAcceptance(
  ...arguments_: string[]
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const [node, ...args] = JSON.parse(
    readFileSync(join(repoRoot, 'package.json'), 'utf8'),
  ).scripts.acceptance.split(' ');
  expect(node).toBe('node');
  const child = spawn(process.execPath, [...args, ...arguments_], {
    cwd: repoRoot,
    // The kios it starts logs into this run's capture folder, so its log is scanned for leaks too.
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      KIOS_TEST_LOG_DIR: process.env.KIOS_TEST_LOG_DIR ?? '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A copy of the bundled set where one step expects the wrong final status. */
function setWithWrongExpectation(
  stepName: string,
  key: string,
  wrong: string,
): { file: string; steps: number } {
  // As dana-sim reads it: every value text, so 081234567992 keeps its leading zero when written back.
  const document = parseDocument(readFileSync(bundledSet, 'utf8'), { schema: 'failsafe' });
  const steps = document.contents;
  if (!isSeq(steps)) throw new Error('the acceptance set is a list of steps');
  const index = (document.toJS() as { step: string }[]).findIndex((step) => step.step === stepName);
  expect(index).toBeGreaterThanOrEqual(0);
  expect(document.getIn([index, 'expect', key])).not.toBe(wrong);
  document.setIn([index, 'expect', key], wrong);
  const file = join(mkdtempSync(join(tmpdir(), 'kios-acceptance-set-')), 'altered.yaml');
  writeFileSync(file, String(document));
  return { file, steps: steps.items.length };
}

/** The step verdicts of a run's output, one line each. */
function verdictsOf(stdout: string): string[] {
  return stdout.split('\n').filter((line) => /^(PASS|FAIL) /.test(line));
}

describe('npm run acceptance', () => {
  it('fails with a non-zero exit naming the one step whose expectation was changed, every other step passing', async () => {
    const altered = 'games 993 order';
    const { file, steps } = setWithWrongExpectation(altered, 'eventually', 'SUCCESS');
    const run = await runAcceptance(file);

    expect(run.code).toBe(1);
    const verdicts = verdictsOf(run.stdout);
    expect(verdicts).toHaveLength(steps);
    expect(verdicts.filter((line) => line.startsWith('FAIL'))).toEqual([
      expect.stringMatching(new RegExp(`^FAIL\\s+${altered}\\s+createOrder\\s+20 PENDING → 30 FAILED`)),
    ]);
    expect(run.stdout).toContain('expected eventually SUCCESS, got 30 FAILED');
    expect(run.stdout).toContain(`altered.yaml: ${steps} steps, ${steps - 1} passed, 1 failed`);
    expect(run.stdout).toMatch(new RegExp(`failed: step \\d+ "${altered}"`));

    const kept = /kept in (\S+)/.exec(run.stdout)?.[1];
    expect(kept).toBeDefined();
    expect(readFileSync(join(kept!, 'kios.log'), 'utf8')).toContain('kios listening on');
    rmSync(kept!, { recursive: true, force: true });
    rmSync(dirname(file), { recursive: true, force: true });
  }, 90_000);

  it('passes with --supplier digiflazz: kios buys from supplier-sim through its Digiflazz adapter, every step passes and no purchase was made twice', async () => {
    const set = parseDocument(readFileSync(bundledSet, 'utf8')).toJS() as Record<string, unknown>[];
    const steps = set.length;
    const billInquiries = set.filter(
      (step) => step.call === 'inquire' && step.productId === 'PLN-POSTPAID',
    ).length;
    const run = await runAcceptance('--supplier', 'digiflazz');

    expect(run.stdout).toMatch(/buying from supplier-sim on http:\/\/127\.0\.0\.1:\d+ as Digiflazz/);
    const verdicts = verdictsOf(run.stdout);
    expect(verdicts.filter((line) => !line.startsWith('PASS'))).toEqual([]);
    expect(verdicts).toHaveLength(steps);
    // Top-ups, and bills inquired (inq-pasca) and paid (pay-pasca), all went to supplier-sim.
    const calls = /answered transaction calls: (.*)\n/.exec(run.stdout)?.[1];
    expect(calls).toMatch(/\btopup [1-9]/);
    expect(calls).toMatch(/\bpay-pasca [1-9]/);
    // Each bill was paid under the ref_id of DANA's inquiry: no inq-pasca beyond the set's own inquiries.
    expect(calls).toMatch(new RegExp(`\\binq-pasca ${billInquiries}\\b`));
    expect(run.stdout).toContain(`acceptance.digiflazz.yaml: ${steps} steps, ${steps} passed, 0 failed`);
    expect(run.stdout).toMatch(/as Digiflazz: no purchase made twice under one ref_id\n/);
    expect(run.code).toBe(0);
  }, 120_000);
});
