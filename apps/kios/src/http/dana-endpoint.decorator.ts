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
import { DanaFunction, DanaPath } from '@kios/dana-protocol';
import type { DanaHttpRequest } from './dana-http-request';
import { DanaRequestGuard } from './dana-request.guard';
import { DanaResponseInterceptor } from './dana-response.interceptor';

export type DanaApi = keyof typeof DanaFunction;

export interface DanaEndpointOptions {
  api: DanaApi;
  /** The class-validator DTO of the whole request envelope. */
  envelope: new () => object;
}

export const DANA_ENDPOINT = 'kios:dana-endpoint';

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

/**
 * The APIs DANA calls on kios (docs/dana-protocol.md §1.2, rows 1–4, and User Validate, §3.7); orderComplete and
 * notifyProductStatus are kios calling DANA.
 */
const SERVED_APIS: DanaApi[] = [
  'productQuery',
  'destinationInquiry',
  'createOrder',
  'orderQuery',
  'userValidate',
];

/** The DANA API served at a path, if any: error answers are signed envelopes only there. */
export function danaApiForPath(path: string): DanaApi | undefined {
  const route = path.split('?')[0];
  return SERVED_APIS.find((api) => route.endsWith(DanaPath[api]));
}
