import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { concatMap, type Observable } from 'rxjs';
import type { DanaHttpRequest } from './dana-http-request';
import { DanaResponder } from './dana-responder';

/** Wraps the body a DANA handler returns in kios's signed response envelope. */
@Injectable()
export class DanaResponseInterceptor implements NestInterceptor {
  constructor(private readonly responder: DanaResponder) {}

  intercept(context: ExecutionContext, next: CallHandler<object>): Observable<string> {
    const http = context.switchToHttp();
    const request = http.getRequest<DanaHttpRequest>();
    const reply = http.getResponse<FastifyReply>();
    const head = request.danaEnvelope!.request.head;
    return next.handle().pipe(
      concatMap((body) => {
        reply.header('content-type', 'application/json; charset=utf-8');
        return this.responder.envelope(head.function, head.reqMsgId, body);
      }),
    );
  }
}
