import type { FastifyInstance } from 'fastify';
import type { DanaHttpRequest } from './dana-http-request';

/**
 * Keeps the body's exact text next to its parsed value. Nest's own body parser is switched off
 * because a re-serialised body could not be verified against DANA's signature (docs/dana-protocol.md §2.2).
 * Invalid JSON is not an error here: the guard answers it with a signed 400 envelope.
 */
export function registerRawJsonParser(fastify: FastifyInstance): void {
  fastify.addContentTypeParser(
    ['application/json', 'text/plain'],
    { parseAs: 'string' },
    (request, body, done) => {
      const danaRequest = request as DanaHttpRequest;
      danaRequest.rawBody = body as string;
      try {
        done(null, JSON.parse(body as string));
      } catch {
        danaRequest.invalidJson = true;
        done(null, undefined);
      }
    },
  );
}
