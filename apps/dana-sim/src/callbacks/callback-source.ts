import type { DanaClient } from '@kios/dana-protocol';
import { DanaSimServer } from '../server/dana-sim-server';
import type { ReceivedCallback } from './callback-receiver';

/** Where a command that waits for an order reads the Order Complete Callbacks kios sent. */
export interface CallbackSource {
  /** For people: where the callbacks arrive. */
  readonly description: string;
  callbacksFor(requestId: string): Promise<ReceivedCallback[]>;
  close(): Promise<void>;
}

export type OpenedCallbackSource = { source: CallbackSource } | { source: undefined; reason: string };

export interface CallbackSourceOptions {
  port: number;
  host: string;
  dana: DanaClient;
  now: () => Date;
}

const PROBE_TIMEOUT_MS = 1_000;

/**
 * A receiver of its own on `port` (the port KIOS_DANA_BASE_URL names) while the command runs; when
 * the port is taken by a running `dana-sim serve`, that server's record of callbacks instead; when it
 * is taken by something else, none, and the reason.
 */
export async function openCallbackSource(options: CallbackSourceOptions): Promise<OpenedCallbackSource> {
  const server = new DanaSimServer({ dana: options.dana, now: options.now });
  let listenError: unknown;
  try {
    const bound = await server.listen(options.port, options.host);
    return { source: embeddedSource(server, bound) };
  } catch (error) {
    listenError = error;
  }
  const local = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  const serveUrl = `http://${local}:${options.port}`;
  if (await isDanaSimServe(serveUrl)) return { source: serveSource(serveUrl) };
  const why = listenError instanceof Error ? listenError.message : String(listenError);
  return { source: undefined, reason: `cannot receive callbacks on port ${options.port} (${why})` };
}

function embeddedSource(server: DanaSimServer, port: number): CallbackSource {
  return {
    description: `port ${port}`,
    callbacksFor: async (requestId) =>
      server.callbacks.filter((callback) => callback.requestId === requestId),
    close: () => server.close(),
  };
}

/** The callbacks a `dana-sim serve` at `baseUrl` received (its GET /sim/callbacks). */
function serveSource(baseUrl: string): CallbackSource {
  return {
    description: `the dana-sim serve at ${baseUrl}`,
    callbacksFor: async (requestId) => {
      const response = await fetch(`${baseUrl}/sim/callbacks`, {
        signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
      });
      const all = (await response.json()) as ReceivedCallback[];
      return all.filter((callback) => callback.requestId === requestId);
    },
    close: async () => undefined,
  };
}

async function isDanaSimServe(baseUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}/sim/callbacks`, {
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
    return response.status === 200 && Array.isArray(await response.json());
  } catch {
    return false;
  }
}
