import { STATUS_CODES } from 'node:http';
import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SignInRequired } from './access/admin-access.guard';

/**
 * The admin API answers errors as plain JSON (`{ statusCode, error, message }`), never as DANA
 * envelopes and never with a stack trace; a 401 says which scheme it wants, and a page asked for
 * without a session is sent to the sign-in page instead (303).
 */
@Catch()
export class AdminExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('AdminApi');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    if (exception instanceof SignInRequired && exception.redirectTo !== undefined) {
      reply.status(303).header('location', exception.redirectTo).header('cache-control', 'no-store').send();
      return;
    }
    const status =
      exception instanceof HttpException ? exception.getStatus() : HttpStatus.INTERNAL_SERVER_ERROR;
    const message =
      exception instanceof HttpException
        ? messageOf(exception)
        : 'kios could not answer the request; it was logged';
    if (status >= 500) {
      this.logger.error(
        `unexpected error on ${request.method} ${request.url}`,
        exception instanceof Error ? exception.stack : String(exception),
      );
    }
    if (status === HttpStatus.UNAUTHORIZED) reply.header('www-authenticate', 'Bearer realm="kios-admin"');
    reply
      .status(status)
      .header('cache-control', 'no-store')
      // A route answering HTML (the timeline page) has set its own type already.
      .header('content-type', 'application/json; charset=utf-8')
      .send({ statusCode: status, error: STATUS_CODES[status] ?? 'Error', message });
  }
}

function messageOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const { message } = response as { message?: string | string[] };
  return Array.isArray(message) ? message.join('; ') : (message ?? exception.message);
}
