import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ErrorResult, DanaFunction } from '@kios/dana-protocol';
import type { FastifyReply } from 'fastify';
import { danaApiForPath } from './dana-endpoint.metadata';
import { type DanaHttpRequest, readableReqMsgId } from './dana-http-request';
import { DanaProtocolException, type ErrorKind } from './dana-protocol.exception';
import { DanaResponder } from './dana-responder';

interface FastifyError {
  statusCode?: number;
  code?: string;
}

/**
 * Every error on a DANA endpoint is answered as a signed response envelope with a resultInfo
 * that says what was wrong, the request's reqMsgId echoed where it could be read, and never a
 * stack trace. Other routes (health, admin) keep Nest's plain JSON errors.
 */
@Catch()
export class DanaExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('DanaHttp');

  constructor(private readonly responder: DanaResponder) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<DanaHttpRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const api = danaApiForPath(request.url);
    const { kind, message } = this.classify(exception);
    const result = ErrorResult[kind];
    if (kind === 'SYSTEM_ERROR') {
      this.logger.error(
        `unexpected error on ${request.method} ${request.url}`,
        exception instanceof Error ? exception.stack : String(exception),
      );
    } else {
      this.logger.warn(`${result.httpStatus} ${result.resultCode} on ${request.url}: ${message}`);
    }
    if (!api) {
      const status = exception instanceof HttpException ? exception.getStatus() : result.httpStatus;
      reply.status(status).send({ statusCode: status, error: result.resultCode, message });
      return;
    }
    const body = {
      resultInfo: {
        resultStatus: result.resultStatus,
        resultCodeId: result.resultCodeId,
        resultCode: result.resultCode,
        resultMsg: message,
      },
    };
    // Signed in the thread pool; the reply goes out once the signature is there.
    this.responder.envelope(DanaFunction[api], readableReqMsgId(request), body).then(
      (envelope) =>
        reply
          .status(result.httpStatus)
          .header('content-type', 'application/json; charset=utf-8')
          .send(envelope),
      (error: unknown) => {
        this.logger.error(`could not sign the error answer on ${request.url}: ${(error as Error).message}`);
        reply
          .status(500)
          .send({ statusCode: 500, error: 'SYSTEM_ERROR', message: 'kios could not sign its answer' });
      },
    );
  }

  private classify(exception: unknown): { kind: ErrorKind; message: string } {
    if (exception instanceof DanaProtocolException)
      return { kind: exception.kind, message: exception.message };
    const status =
      exception instanceof HttpException ? exception.getStatus() : (exception as FastifyError)?.statusCode;
    if (status === 413)
      return { kind: 'REQUEST_TOO_LARGE', message: 'the request body is larger than allowed' };
    if (status === 404) return { kind: 'NOT_FOUND', message: 'no such endpoint' };
    if (status === 408) return { kind: 'REQUEST_TIMEOUT', message: (exception as Error).message };
    if (status === 415)
      return { kind: 'PARAM_ILLEGAL', message: 'the request body must be application/json' };
    if (status !== undefined && status >= 400 && status < 500) {
      return {
        kind: 'PARAM_ILLEGAL',
        message: exception instanceof Error ? exception.message : 'bad request',
      };
    }
    return { kind: 'SYSTEM_ERROR', message: 'kios could not process the request; it was logged' };
  }
}
