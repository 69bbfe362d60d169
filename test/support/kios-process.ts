import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DanaClient, devKeyPaths, loadPrivateKey, loadPublicKey } from '@kios/dana-protocol';
import { captureOutput } from './log-capture';

const repoRoot = resolve(__dirname, '../..');
const registerTs = join(repoRoot, 'test/support/register-ts.js');

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

export function tempDataDir(prefix = 'kios-e2e-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Runs an app of the repo (`apps/<name>/src/main.ts`) from source in a child process. */
export function spawnApp(
  app: 'kios' | 'kios-cli' | 'dana-sim',
  args: string[],
  env: Record<string, string>,
  /** `pipe` to write the app's standard input (kios-cli users add reads a password there). */
  stdin: 'ignore' | 'pipe' = 'ignore',
): ChildProcess {
  const child = spawn(
    process.execPath,
    ['-r', registerTs, join(repoRoot, 'apps', app, 'src', 'main.ts'), ...args],
    {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: [stdin, 'pipe', 'pipe'],
      // A process group of its own: a crash (SIGKILL) takes kios's worker process with it (KiosProcess.kill).
      detached: true,
    },
  );
  if (app === 'kios') {
    // Scanned for leaked secrets when the test run ends (test/support/log-capture.ts).
    const capture = captureOutput(`kios-${child.pid}`);
    child.stdout!.on('data', capture);
    child.stderr!.on('data', capture);
  }
  return child;
}

export interface KiosProcessOptions {
  /** Folder for the SQLite files and the dev keys; a fresh temp folder when absent. */
  dataDir?: string;
  env?: Record<string, string>;
  startTimeoutMs?: number;
}

/**
 * kios as DANA meets it: a real process on a real port, SQLite files in a temp folder, dev keys
 * generated there; `client` signs as DANA with those keys.
 */
export class KiosProcess {
  private child?: ChildProcess;
  private output: string[] = [];
  port = 0;
  readonly dataDir: string;

  constructor(private readonly options: KiosProcessOptions = {}) {
    this.dataDir = options.dataDir ?? tempDataDir();
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}${this.options.env?.KIOS_BASE_PATH ?? ''}`;
  }

  /** Everything the process printed so far (stdout and stderr). */
  get log(): string {
    return this.output.join('');
  }

  env(): Record<string, string> {
    return {
      KIOS_DATA_DIR: this.dataDir,
      KIOS_EVENT_STORE: `sqlite:${join(this.dataDir, 'events.db')}`,
      KIOS_READ_MODEL: `sqlite:${join(this.dataDir, 'read.db')}`,
      KIOS_HOST: '127.0.0.1',
      ...this.options.env,
      KIOS_PORT: String(this.port),
    };
  }

  async start(): Promise<this> {
    if (this.port === 0) this.port = await freePort();
    const child = spawnApp('kios', [], this.env());
    this.child = child;
    await new Promise<void>((resolveStart, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(`kios did not start within ${this.options.startTimeoutMs ?? 20000} ms:\n${this.log}`),
          ),
        this.options.startTimeoutMs ?? 20000,
      );
      const onData = (chunk: Buffer) => {
        this.output.push(chunk.toString());
        if (this.log.includes('kios listening on')) {
          clearTimeout(timer);
          resolveStart();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`kios exited with ${code} before listening:\n${this.log}`));
      });
    });
    return this;
  }

  /** DANA's side: signs with the DANA dev key, verifies with kios's dev public key. */
  client(): DanaClient {
    const keys = devKeyPaths(this.dataDir);
    return new DanaClient({
      baseUrl: this.baseUrl,
      danaPrivateKey: loadPrivateKey(readFileSync(keys.danaPrivateKey, 'utf8'), keys.danaPrivateKey),
      kiosPublicKey: loadPublicKey(readFileSync(keys.kiosPublicKey, 'utf8'), keys.kiosPublicKey),
    });
  }

  /**
   * Ends the process with a signal and waits for it to be gone. SIGKILL plays a crash of the machine
   * or container: it kills kios's whole process group, its worker process too (as `docker stop`'s
   * final SIGKILL or systemd's KillMode=mixed would); any other signal goes to kios alone, which
   * stops its worker itself.
   */
  async kill(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((resolveExit) =>
      child.once('exit', (code) => resolveExit(code)),
    );
    if (signal === 'SIGKILL') process.kill(-child.pid!, signal);
    else child.kill(signal);
    return exited;
  }

  /**
   * The worker process kios started for its background processors (role all, docs/architecture.md
   * §1 "Processes and roles"), as its log names the latest one.
   */
  get workerPid(): number {
    const started = [...this.log.matchAll(/started the worker process (\d+)/g)].at(-1);
    if (!started) throw new Error(`kios has not started a worker process:\n${this.log}`);
    return Number(started[1]);
  }

  async restart(): Promise<this> {
    await this.kill();
    this.output = [];
    return this.start();
  }
}
