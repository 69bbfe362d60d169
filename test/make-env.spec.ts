import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * deploy/make-env.sh, the demo's first step (`deploy/make-env.sh && docker compose up`), run in a
 * copy of the folder layout it expects, so the checkout's own .env is never touched.
 */
const root = join(__dirname, '..');

function project(existingEnv?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kios-make-env-'));
  mkdirSync(join(dir, 'deploy'));
  for (const file of ['make-env.sh', 'env.example']) {
    copyFileSync(join(root, 'deploy', file), join(dir, 'deploy', file));
  }
  if (existingEnv !== undefined) writeFileSync(join(dir, '.env'), existingEnv);
  return dir;
}

function makeEnv(dir: string): { code: number | null; output: string; env: Map<string, string> } {
  const run = spawnSync('bash', [join(dir, 'deploy', 'make-env.sh')], { encoding: 'utf8' });
  const env = new Map(
    [...readFileSync(join(dir, '.env'), 'utf8').matchAll(/^([A-Z_0-9]+)=(.*)$/gm)].map(([, k, v]) => [k, v]),
  );
  return { code: run.status, output: `${run.stdout}${run.stderr}`, env };
}

const exampleNames = [
  ...readFileSync(join(root, 'deploy', 'env.example'), 'utf8').matchAll(/^([A-Z_][A-Z0-9_]*)=/gm),
].map(([, name]) => name);

describe('deploy/make-env.sh', () => {
  it('writes every name of deploy/env.example into .env, each a different random value a URL takes as it is', () => {
    const dir = project();
    const run = makeEnv(dir);
    expect(run.code).toBe(0);
    expect([...run.env.keys()]).toEqual(exampleNames);
    expect(exampleNames.length).toBeGreaterThanOrEqual(5);
    for (const value of run.env.values()) expect(value).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(run.env.values()).size).toBe(exampleNames.length);
    // Only its owner reads it.
    expect(statSync(join(dir, '.env')).mode & 0o077).toBe(0);
  });

  it('keeps what .env already sets, fills an empty one, and changes nothing the second time', () => {
    const dir = project('ADMIN_TOKEN=chosen-by-me\nPOSTGRES_PASSWORD=\n');
    const first = makeEnv(dir);
    expect(first.env.get('ADMIN_TOKEN')).toBe('chosen-by-me');
    expect(first.env.get('POSTGRES_PASSWORD')).toMatch(/^[0-9a-f]{64}$/);
    expect([...first.env.keys()].sort()).toEqual([...exampleNames].sort());

    const second = makeEnv(dir);
    expect(second.output).toContain('nothing changed');
    expect(second.env).toEqual(first.env);
  });
});
