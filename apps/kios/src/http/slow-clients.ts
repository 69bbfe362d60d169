import { PassThrough } from 'node:stream';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { FastifyHttpOptions, FastifyInstance } from 'fastify';
import type { KiosConfig } from '../config/kios-config';

type SlowClientLimits = Pick<KiosConfig, 'headersTimeoutMs' | 'bodyTimeoutMs'>;

/** How often Node checks its connections against the headers and request timeouts (its default, 30 s, would stretch them). */
const CONNECTIONS_CHECK_MS = 1_000;
/** Node's bound on a whole request stays behind kios's own body timer, which answers signed. */
const BACKSTOP_MS = 5_000;

/**
 * The server options bounding a slow client (README "Abuse limits"): headers must arrive within
 * KIOS_HEADERS_TIMEOUT_MS, or Node closes the connection with a bare 408 (no path is known yet, so
 * there is no envelope to sign); a whole request within both timeouts and a margin, after which
 * Node closes it whatever kios is doing.
 */
export function slowClientServerOptions(limits: SlowClientLimits): FastifyHttpOptions<Server> {
  return {
    requestTimeout: limits.headersTimeoutMs + limits.bodyTimeoutMs + BACKSTOP_MS,
    http: { headersTimeout: limits.headersTimeoutMs, connectionsCheckingInterval: CONNECTIONS_CHECK_MS },
  };
}

/** A body still arriving when its time ran out: fastify hands it to the error handler as a 408. */
export class BodyTimeout extends Error {
  override readonly name = 'BodyTimeout';
  readonly statusCode = 408;

  constructor(readonly timeoutMs: number) {
    super(`the request body did not arrive within ${timeoutMs} ms (KIOS_BODY_TIMEOUT_MS)`);
  }
}

/**
 * Gives every request body KIOS_BODY_TIMEOUT_MS from its headers to arrive whole. A late one fails
 * its parsing with BodyTimeout, which DANA's paths answer with a signed 408 REQUEST_TIMEOUT
 * (DanaExceptionFilter), and the connection is closed after the answer: the rest of a stalled body
 * is never waited for.
 */
export function limitBodyTime(fastify: FastifyInstance, { bodyTimeoutMs }: SlowClientLimits): void {
  fastify.addHook('preParsing', (request, reply, payload, done) => {
    if (!hasBody(request.headers)) {
      done(null, payload);
      return;
    }
    const timed = new PassThrough();
    const timer = setTimeout(() => {
      payload.unpipe(timed);
      if (!reply.raw.headersSent) reply.header('connection', 'close');
      timed.destroy(new BodyTimeout(bodyTimeoutMs));
    }, bodyTimeoutMs);
    const stop = () => clearTimeout(timer);
    timed.once('end', stop);
    // Answered without reading the body (e.g. 415): nothing waits for it any more.
    reply.raw.once('close', stop);
    payload.pipe(timed);
    done(null, timed);
  });
}

function hasBody(headers: IncomingHttpHeaders): boolean {
  return headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0;
}
