import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Every temp folder a test run makes (data dirs, keys, SQLite copies, Chromium's profile) goes under
 * one root of its own: the global setup points TMPDIR at it, which `os.tmpdir()` in every test worker
 * reads, and the global teardown removes it whole. A run leaves nothing in the machine's /tmp, and two
 * runs side by side (two clones) never touch each other's files.
 */
const TEST_TEMP_ROOT_VARIABLE = 'KIOS_TEST_TEMP_ROOT';

export function startTestTempRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'kios-test-run-'));
  // Searchable by everyone, as /tmp is: a test runs kios as an unprivileged user from a folder in it
  // (production-start.e2e-spec.ts). Each test's own folders stay private (mkdtemp's 0700).
  chmodSync(root, 0o711);
  process.env[TEST_TEMP_ROOT_VARIABLE] = root;
  process.env.TMPDIR = root;
  return root;
}

export function removeTestTempRoot(): void {
  const root = process.env[TEST_TEMP_ROOT_VARIABLE];
  if (root !== undefined) rmSync(root, { recursive: true, force: true });
}
