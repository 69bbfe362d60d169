import { Inject, Injectable } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import type { Logger as Pino } from 'pino';
import { LogScope, logScopes } from './log-scope';
import { ROOT_LOGGER } from './root-logger';

/** Probes scrape these every few seconds: a line per probe would drown the DANA traffic. */
const OPERATIONS_PATHS = ['/health', '/ready', '/metrics'];

/**
 * One line per request, "request completed", with its status and time, written when the answer is
 * sent; every line logged while a request is handled carries its `reqId` and what LogContext
 * assigned (reqMsgId, function, requestId, orderId). Request headers are not logged: DANA
 * authenticates inside the body, and the admin API's bearer token is a header.
 */
@Injectable()
export class RequestLogging {
  constructor(@Inject(ROOT_LOGGER) private readonly root: Pino) {}

  install(fastify: FastifyInstance): void {
    fastify.addHook('onRequest', (request, _reply, done) => {
      // fastify runs the later hooks, the body parser and the handler from `done`, in this scope.
      logScopes.run(new LogScope(this.root, { reqId: request.id }), done);
    });
    fastify.addHook('onResponse', (request, reply, done) => {
      const path = request.url.split('?')[0];
      if (!OPERATIONS_PATHS.includes(path)) {
        const { statusCode } = reply;
        const level = statusCode >= 500 ? 'error' : statusCode >= 400 ? 'warn' : 'info';
        logScopes.getStore()?.write(
          level,
          {
            req: { id: request.id, method: request.method, url: request.url },
            res: { statusCode },
            responseTime: Math.round(reply.elapsedTime),
          },
          'request completed',
        );
      }
      done();
    });
  }
}
