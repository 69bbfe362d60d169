import {
  applyDecorators,
  createParamDecorator,
  type ExecutionContext,
  HttpCode,
  Post,
  SetMetadata,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { DanaPath } from '@kios/dana-protocol';
import type { DanaHttpRequest } from './dana-http-request';
import { DANA_ENDPOINT, type DanaEndpointOptions } from './dana-endpoint.metadata';
import { DanaRequestGuard } from './dana-request.guard';
import { DanaResponseInterceptor } from './dana-response.interceptor';

/**
 * A DANA-facing route: POST on the API's path; signature verified over the raw body, the
 * envelope validated and `head.function` checked before the handler runs; the returned body
 * answered as a signed response envelope.
 */
export function DanaEndpoint(options: DanaEndpointOptions): MethodDecorator {
  return applyDecorators(
    Post(DanaPath[options.api]),
    HttpCode(200),
    SetMetadata(DANA_ENDPOINT, options),
    UseGuards(DanaRequestGuard),
    UseInterceptors(DanaResponseInterceptor),
  );
}

/** The verified, validated request envelope. */
export const SignedRequest = createParamDecorator((_: unknown, context: ExecutionContext) => {
  return context.switchToHttp().getRequest<DanaHttpRequest>().danaEnvelope;
});
