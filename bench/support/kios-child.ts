import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  DanaClient,
  devKeyPaths,
  loadPrivateKey,
  loadPublicKey,
  type PresignedRequest,
} from '@kios/dana-protocol';
import type { Sender } from './load';

const START_TIMEOUT_MS = 30_000;
const MAX_SOCKETS = 256;

const isHttp200: AnswerCheck = (httpStatus) => httpStatus === 200;

/** A judge of kios's answers: true when the answer is the one the bench expects. */
export type AnswerCheck = (httpStatus: number | undefined, text: string) => boolean;

/** Posts one presigned request; resolves with the answer text, rejects unless `accept` approves it. */
function post(port: number, agent: Agent, request: PresignedRequest, accept: AnswerCheck): Promise<string> {
  return new Promise((resolve, reject) => {
    const call = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: request.path,
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(request.bodyText),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (!accept(response.statusCode, text)) {
            reject(new Error(`HTTP ${response.statusCode}: ${text.slice(0, 300)}`));
          } else resolve(text);
        });
      },
    );
    call.once('error', reject);
    call.end(request.bodyText);
  });
}

/** kios as in production on the embedded stores: its own process, SQLite files in a temp folder. */
export class KiosChild implements Sender {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: MAX_SOCKETS });

  private constructor(
    private readonly child: ChildProcess,
    private readonly dataDir: string,
    readonly port: number,
  ) {}

  /** `env` adds to (or overrides) the embedded-defaults configuration. */
  static async start(env: Record<string, string> = {}): Promise<KiosChild> {
    const dataDir = mkdtempSync(join(tmpdir(), 'kios-bench-orders-'));
    const port = await freePort();
    const compiled = __filename.endsWith('.js');
    const repo = join(__dirname, '..', '..');
    const main = join(repo, 'apps', 'kios', 'src', compiled ? 'main.js' : 'main.ts');
    const args = compiled ? [main] : ['-r', join(repo, 'test', 'support', 'register-ts.js'), main];
    const child = spawn(process.execPath, args, {
      cwd: compiled ? join(repo, '..') : repo,
      env: {
        PATH: process.env.PATH ?? '',
        KIOS_DATA_DIR: dataDir,
        KIOS_EVENT_STORE: `sqlite:${join(dataDir, 'events.db')}`,
        KIOS_READ_MODEL: `sqlite:${join(dataDir, 'read.db')}`,
        KIOS_HOST: '127.0.0.1',
        KIOS_PORT: String(port),
        ...env,
      },
      // Its log goes where production's would, but nobody reads it here.
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let errors = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      errors = (errors + chunk.toString()).slice(-4000);
    });
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code, signal) => reject(new Error(`kios exited (${code ?? signal}):\n${errors}`))),
    );
    exited.catch(() => undefined);
    const kios = new KiosChild(child, dataDir, port);
    try {
      await Promise.race([listening(port, START_TIMEOUT_MS), exited]);
    } catch (error) {
      await kios.stop();
      throw error;
    }
    return kios;
  }

  client(): DanaClient {
    const keys = devKeyPaths(this.dataDir);
    return new DanaClient({
      baseUrl: `http://127.0.0.1:${this.port}`,
      danaPrivateKey: loadPrivateKey(readFileSync(keys.danaPrivateKey, 'utf8'), keys.danaPrivateKey),
      kiosPublicKey: loadPublicKey(readFileSync(keys.kiosPublicKey, 'utf8'), keys.kiosPublicKey),
    });
  }

  send(request: PresignedRequest, accept: AnswerCheck = isHttp200): Promise<string> {
    return post(this.port, this.agent, request, accept);
  }

  /** Stops kios and removes its files; stopping again does nothing. */
  async stop(): Promise<void> {
    this.agent.destroy();
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** Resolves once something accepts connections on `port`. */
async function listening(port: number, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const accepted = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (accepted) return;
    if (performance.now() > deadline)
      throw new Error(`kios did not listen on ${port} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
