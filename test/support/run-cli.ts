import { spawnApp } from './kios-process';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs an app of the repo as a command, from source, and collects what it printed; `input` is its standard input. */
export function runApp(
  app: 'kios-cli' | 'dana-sim',
  args: string[],
  env: Record<string, string>,
  input?: string,
): Promise<CliRun> {
  const child = spawnApp(app, args, env, input === undefined ? 'ignore' : 'pipe');
  if (input !== undefined) child.stdin!.end(input);
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout!.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) =>
      resolve({ code, stdout: Buffer.concat(stdout).toString(), stderr: Buffer.concat(stderr).toString() }),
    );
  });
}
