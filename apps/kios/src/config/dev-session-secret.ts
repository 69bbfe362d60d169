import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The development session secret (docs/architecture.md §6), made like the development keys: once,
 * into the data folder, so a restart keeps everyone signed in and replicas sharing the folder accept
 * each other's cookies. Written with `wx`, so of two processes starting together one writes it and
 * both read the same secret.
 */
export function ensureDevSessionSecret(dataDir: string): {
  secret: string;
  file: string;
  generated: boolean;
} {
  const file = join(dataDir, 'session-secret');
  mkdirSync(dataDir, { recursive: true });
  let generated = false;
  try {
    writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
    generated = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return { secret: readFileSync(file, 'utf8').trim(), file, generated };
}
