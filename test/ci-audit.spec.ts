import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * .ci/audit.sh over what `npm audit --json` prints, played by a stand-in npm first on PATH: high
 * findings fail CI, lower ones pass, and an audit endpoint that answers an error (this machine's
 * registry answers 405) is said loudly not to have run, without failing CI.
 */
const script = join(__dirname, '..', '.ci', 'audit.sh');

function audit(npmPrints: string): { code: number | null; output: string; npmArgs: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kios-audit-'));
  const fakeNpm = join(dir, 'npm');
  // npm audit exits non-zero for findings and for a failed request alike: the script must not rely on it.
  writeFileSync(fakeNpm, `#!/bin/sh\necho "$@" > "${dir}/args"\ncat "${dir}/report"\nexit 1\n`);
  chmodSync(fakeNpm, 0o755);
  writeFileSync(join(dir, 'report'), npmPrints);
  const run = spawnSync('bash', [script], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${dir}:${process.env.PATH}` },
  });
  return {
    code: run.status,
    output: `${run.stdout}${run.stderr}`,
    npmArgs: readFileSync(join(dir, 'args'), 'utf8').trim(),
  };
}

const vulnerabilities = (counts: Record<string, number>, findings: Record<string, string> = {}) =>
  JSON.stringify({
    auditReportVersion: 2,
    vulnerabilities: Object.fromEntries(
      Object.entries(findings).map(([name, severity]) => [name, { name, severity, range: '<1.2.3' }]),
    ),
    metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, ...counts } },
  });

describe('.ci/audit.sh', () => {
  it('audits the production dependencies at level high, as JSON', () => {
    expect(audit(vulnerabilities({})).npmArgs).toBe('audit --omit=dev --audit-level=high --json');
  });

  it('fails CI on a high or a critical advisory, naming the packages', () => {
    const high = audit(vulnerabilities({ high: 1, low: 2 }, { 'fast-thing': 'high', other: 'low' }));
    expect(high.code).toBe(1);
    expect(high.output).toContain('npm audit FAILED: 1 high or critical advisories');
    expect(high.output).toContain('high: fast-thing <1.2.3');
    expect(high.output).not.toContain('other');
    expect(audit(vulnerabilities({ critical: 1 }, { bad: 'critical' })).code).toBe(1);
  });

  it('lets moderate and lower advisories through, saying what it found', () => {
    const run = audit(vulnerabilities({ moderate: 3, low: 1 }));
    expect(run.code).toBe(0);
    expect(run.output).toContain(
      'no high or critical advisory (0 critical, 0 high, 3 moderate, 1 low, 0 info)',
    );
  });

  it('says loudly that the audit did not run when the endpoint answers an error, without failing CI', () => {
    // What npm audit --json printed here, against a registry answering 405 to the bulk advisory POST.
    const run = audit(
      JSON.stringify({
        message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
        statusCode: 405,
        body: '',
        error: { summary: '', detail: '' },
      }),
    );
    expect(run.code).toBe(0);
    expect(run.output).toMatch(/^={100}\nnpm audit DID NOT RUN: .*\n.*Why: 405 Method Not Allowed/m);
    expect(run.output).not.toContain('no high or critical');
  });

  it('says the same when npm prints nothing it can read', () => {
    const run = audit('npm error something broke\n');
    expect(run.code).toBe(0);
    expect(run.output).toContain('npm audit DID NOT RUN: npm printed no JSON report');
  });
});
