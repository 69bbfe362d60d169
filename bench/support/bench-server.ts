import { type ChildProcess, spawn } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { PresignedRequest } from '@kios/dana-protocol';
import { MainThreadTime } from './main-thread-time';

const START_TIMEOUT_MS = 30_000;
const MAX_SOCKETS = 256;

/** A judge of a server's answers: true when the answer is the one the bench expects. */
export type AnswerCheck = (httpStatus: number | undefined, text: string) => boolean;

const isHttp200: AnswerCheck = (httpStatus) => httpStatus === 200;

/**
 * An HTTP server under measurement, in its own process so that it has a core to itself as in
 * production: started from one of the repo's entry files (its `.ts` source through register-ts, or
 * its compiled `.js` when the bench runs from `dist/`), sent presigned requests over keep-alive
 * connections.
 */
export class BenchServer {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: MAX_SOCKETS });

  /** The child's main-thread time, when it was started with `probeMainThread`. */
  readonly mainThread?: MainThreadTime;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    probed: boolean,
  ) {
    if (probed) this.mainThread = new MainThreadTime(child);
  }

  /**
   * `entry` is relative to the repo root, without its extension; `envFor` gives all the child sees
   * besides PATH, and `argsFor` its command-line arguments, each told the port it is to listen on. `probeMainThread` loads main-thread-probe.ts
   * into the child first, over an IPC channel, so that `mainThread` reads its event loop's time.
   */
  static async start(
    entry: string,
    envFor: (port: number) => Record<string, string>,
    {
      probeMainThread = false,
      argsFor,
    }: { probeMainThread?: boolean; argsFor?: (port: number) => string[] } = {},
  ): Promise<BenchServer> {
    const port = await freePort();
    const probe = probeMainThread ? [join(__dirname, `main-thread-probe.${extension}`)] : [];
    const { args, cwd } = entryCommand(entry, argsFor?.(port) ?? [], probe);
    const child = spawn(process.execPath, args, {
      cwd,
      env: { PATH: process.env.PATH ?? '', ...envFor(port) },
      // Its log goes where production's would, but nobody reads it here.
      stdio: ['ignore', 'ignore', 'pipe', ...(probeMainThread ? (['ipc'] as const) : [])],
    });
    let errors = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      errors = (errors + chunk.toString()).slice(-4000);
    });
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code, signal) =>
        reject(new Error(`${entry} exited (${code ?? signal}):\n${errors}`)),
      ),
    );
    exited.catch(() => undefined);
    const server = new BenchServer(child, port, probeMainThread);
    try {
      await Promise.race([listening(port, START_TIMEOUT_MS), exited]);
    } catch (error) {
      await server.stop();
      throw error;
    }
    return server;
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Posts one presigned request; resolves with the answer text, rejects unless `accept` approves it. */
  send(request: PresignedRequest, accept: AnswerCheck = isHttp200): Promise<string> {
    return new Promise((resolve, reject) => {
      const call = httpRequest(
        {
          host: '127.0.0.1',
          port: this.port,
          method: 'POST',
          path: request.path,
          agent: this.agent,
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
      // A connection kept alive from an earlier request can be closed by the server as it is reused:
      // said so, as that is not the same failure as a new connection's.
      call.once('error', (error) =>
        reject(
          call.reusedSocket
            ? new Error(`${error.message} on a kept-alive connection`, { cause: error })
            : error,
        ),
      );
      call.end(request.bodyText);
    });
  }

  /** Stops the server with SIGTERM; stopping again does nothing. */
  async stop(): Promise<void> {
    this.agent.destroy();
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      await exited;
    }
  }
}

const compiled = __filename.endsWith('.js');
const extension = compiled ? 'js' : 'ts';

/**
 * How to run one of the repo's entry files (`entry` relative to the repo root, no extension): its
 * compiled `.js` when the bench runs from `dist/`, else its `.ts` source through register-ts;
 * `preloads` are loaded before it.
 */
export function entryCommand(
  entry: string,
  entryArgs: string[] = [],
  preloads: string[] = [],
): { args: string[]; cwd: string } {
  const repo = join(__dirname, '..', '..');
  const register = compiled ? [] : [join(repo, 'test', 'support', 'register-ts.js')];
  return {
    args: [
      ...[...register, ...preloads].flatMap((file) => ['-r', file]),
      join(repo, `${entry}.${extension}`),
      ...entryArgs,
    ],
    cwd: compiled ? join(repo, '..') : repo,
  };
}

/** Resolves once something accepts connections on `port`. */
export async function listening(port: number, timeoutMs: number): Promise<void> {
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
    if (performance.now() > deadline) throw new Error(`nothing listened on ${port} within ${timeoutMs} ms`);
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
