import type { FastifyInstance } from 'fastify';
import type { DanaHttpRequest } from './dana-http-request';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth';

/**
 * Keeps the body's exact bytes and text next to its parsed value. Nest's own body parser is switched
 * off because a re-serialised body could not be verified against DANA's signature
 * (docs/dana-protocol.md §2.2); the bytes are what a supplier's webhook is signed over (an HMAC of the
 * raw body: docs/digiflazz.md §6), which text decoded and encoded again need not reproduce.
 * Invalid JSON, or JSON nested deeper than MAX_JSON_DEPTH (not parsed at all), is not an error
 * here: the guard answers it with a signed 400 envelope.
 */
export function registerRawJsonParser(fastify: FastifyInstance): void {
  fastify.addContentTypeParser(
    ['application/json', 'text/plain'],
    { parseAs: 'buffer' },
    (request, body, done) => {
      const danaRequest = request as DanaHttpRequest;
      danaRequest.rawBytes = body as Buffer;
      danaRequest.rawBody = (body as Buffer).toString('utf8');
      if (nestsDeeperThan(danaRequest.rawBody, MAX_JSON_DEPTH)) {
        danaRequest.tooDeep = true;
        done(null, undefined);
        return;
      }
      try {
        done(null, JSON.parse(danaRequest.rawBody));
      } catch {
        danaRequest.invalidJson = true;
        done(null, undefined);
      }
    },
  );
}
