import { errorCodes, type FastifyInstance } from 'fastify';

/**
 * Parses the admin pages' forms (`application/x-www-form-urlencoded`: sign-in, sign-out, the
 * timeline's actions) into a plain object, with Node's URLSearchParams. Elsewhere (DANA's endpoints)
 * such a body is refused 415 as before, exactly as fastify refuses any type it has no parser for.
 */
export function registerFormParser(fastify: FastifyInstance): void {
  fastify.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (request, body, done) => {
      if (!request.url.startsWith('/admin/')) {
        done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE('application/x-www-form-urlencoded'), undefined);
        return;
      }
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    },
  );
}
