import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { Logger } from 'pino';

/** Probes scrape these every few seconds: a line per probe would drown the DANA traffic. */
export const OPERATIONS_PATHS = ['/health', '/ready', '/metrics'];

/** Nest mounts the logger as middleware, which sees `url` relative to its mount point. */
const pathOf = (request: IncomingMessage & { originalUrl?: string }) =>
  (request.originalUrl ?? request.url ?? '').split('?')[0];

/**
 * nestjs-pino on kios's root logger: one "request completed" line per request with its status and
 * time, and every line logged while a request is handled carrying its `reqId` plus what
 * LogContext assigned (reqMsgId, function, requestId, orderId). Request headers are not
 * logged: DANA authenticates inside the body, and the admin API's bearer token is a header.
 */
export function httpLoggingParams(root: Logger): Params {
  return {
    assignResponse: true,
    pinoHttp: {
      logger: root,
      quietReqLogger: true,
      autoLogging: { ignore: (request) => OPERATIONS_PATHS.includes(pathOf(request)) },
      customLogLevel: (_request, response, error) =>
        error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
      serializers: {
        req: (request: IncomingMessage & { id?: unknown }) => ({
          id: request.id,
          method: request.method,
          url: request.url,
        }),
        res: (response: ServerResponse) => ({ statusCode: response.statusCode }),
      },
    },
  };
}
