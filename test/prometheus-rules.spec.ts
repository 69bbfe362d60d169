import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Prometheus reads deploy/prometheus as docker compose mounts it: promtool (Debian's prometheus
 * package; npm test's test/support/prepare-test-machine.sh installs it when missing) checks the
 * configuration and the alert rules and runs the rules' unit tests. Without promtool this fails,
 * saying so: nothing here is skipped.
 */
const folder = join(__dirname, '..', 'deploy', 'prometheus');

function promtool(...args: string[]): { code: number | null; output: string } {
  const run = spawnSync('promtool', args, { cwd: folder, encoding: 'utf8', timeout: 30_000 });
  if (run.error) {
    throw new Error(
      `promtool could not run (${run.error.message}): install Debian's prometheus package ` +
        '(apt-get install prometheus), or run npm test, whose prepare-test-machine.sh installs it as root',
    );
  }
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('the Prometheus configuration of docker compose (deploy/prometheus)', () => {
  it('has alert rules promtool accepts', () => {
    const check = promtool('check', 'rules', 'alerts.yml');
    expect(check.output).toContain('SUCCESS: 5 rules found');
    expect(check.code).toBe(0);
  });

  it('refuses a broken rule: the check above can fail', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kios-rules-'));
    const broken = join(dir, 'broken.yml');
    writeFileSync(broken, 'groups:\n  - name: x\n    rules:\n      - alert: X\n        expr: sum by (\n');
    const check = promtool('check', 'rules', broken);
    expect(check.code).not.toBe(0);
    expect(check.output).toMatch(/FAILED/);
  });

  it('has a scrape configuration promtool accepts, reading the same rule file', () => {
    const check = promtool('check', 'config', 'prometheus.yml');
    expect(check.output).toContain('SUCCESS: 1 rule files found');
    expect(check.code).toBe(0);
  });

  it('fires each alert its unit tests expect, and no other (promtool test rules)', () => {
    const run = promtool('test', 'rules', 'alerts.test.yml');
    expect(run.output).toContain('SUCCESS');
    expect(run.code).toBe(0);
  });
});
