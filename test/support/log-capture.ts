import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findLogLeaks } from './log-leaks';

/**
 * Every kios process a test run starts writes what it prints into one folder per run (see
 * spawnApp); when the run ends, globalTeardown scans all of it for leaks (issue #9). The folder is
 * named by KIOS_TEST_LOG_DIR, which jest's globalSetup sets before any worker starts.
 */
export const TEST_LOG_DIR_VARIABLE = 'KIOS_TEST_LOG_DIR';

export function testLogDir(): string | undefined {
  return process.env[TEST_LOG_DIR_VARIABLE];
}

/** Appends synchronously: a worker that exits right after a test loses nothing. */
export function captureOutput(name: string): (chunk: Buffer | string) => void {
  const dir = testLogDir();
  if (dir === undefined) return () => undefined;
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.log`);
  return (chunk) => appendFileSync(file, chunk);
}

export function startLogCapture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kios-test-logs-'));
  process.env[TEST_LOG_DIR_VARIABLE] = dir;
  return dir;
}

/** Throws, naming file, line and kind (never the leaked text), when any captured line leaks. */
export function scanCapturedLogs(dir: string): { files: number; lines: number } {
  const files = readdirSync(dir).filter((file) => file.endsWith('.log'));
  const problems: string[] = [];
  let lines = 0;
  for (const file of files) {
    const log = readFileSync(join(dir, file), 'utf8');
    lines += log.split('\n').length;
    for (const leak of findLogLeaks(log)) problems.push(`${file}:${leak.line}: ${leak.kind}`);
  }
  if (problems.length > 0) {
    throw new Error(
      `kios logs of this run leak sensitive data (logs kept in ${dir}):\n${problems.slice(0, 50).join('\n')}`,
    );
  }
  return { files: files.length, lines };
}

export function removeCapturedLogs(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
