import type { FastifyRequest } from 'fastify';

/** What the raw-body parser and the DANA guard leave on a request. */
export interface DanaHttpRequest extends FastifyRequest {
  /** The body exactly as DANA sent it: signatures are verified over these bytes (docs/dana-protocol.md §2.4). */
  rawBody?: string;
  /** The same body as bytes, as received. */
  rawBytes?: Buffer;
  /** True when the body was not JSON at all. */
  invalidJson?: boolean;
  /** True when the body nested deeper than MAX_JSON_DEPTH, so it was not parsed. */
  tooDeep?: boolean;
  /** The verified and validated envelope, set by DanaRequestGuard. */
  danaEnvelope?: {
    request: { head: { reqMsgId: string; reqTime: string; function: string }; body: unknown };
  };
}

/** The request's `reqMsgId`, when it could be read at all: error answers echo it. */
export function readableReqMsgId(request: DanaHttpRequest): string | undefined {
  const body = request.body as { request?: { head?: { reqMsgId?: unknown } } } | undefined;
  const reqMsgId = body?.request?.head?.reqMsgId;
  return typeof reqMsgId === 'string' && reqMsgId.length <= 64 ? reqMsgId : undefined;
}
