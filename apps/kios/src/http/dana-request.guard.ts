import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DanaFunction, validateEnvelope, verifySignedBodyAsync } from '@kios/dana-protocol';
import { KIOS_CONFIG, type KiosConfig } from '../config/kios-config';
import type { DanaHttpRequest } from './dana-http-request';
import { DANA_ENDPOINT, type DanaEndpointOptions } from './dana-endpoint.metadata';
import { DanaProtocolException } from './dana-protocol.exception';

/**
 * docs/dana-protocol.md §2.4 in order: JSON at all (400), signature over the raw bytes (401), the envelope's
 * fields (400 naming the field), then `head.function` against the endpoint (400). The signature is
 * checked in the thread pool, so other requests move on meanwhile.
 */
@Injectable()
export class DanaRequestGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(KIOS_CONFIG) private readonly config: KiosConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const endpoint = this.reflector.get<DanaEndpointOptions>(DANA_ENDPOINT, context.getHandler());
    const request = context.switchToHttp().getRequest<DanaHttpRequest>();
    if (request.rawBody === undefined || request.invalidJson) {
      throw new DanaProtocolException('PARAM_ILLEGAL', 'the request body is not valid JSON');
    }
    const signature = await verifySignedBodyAsync(
      request.rawBody,
      'request',
      this.config.keys.danaPublicKeys,
    );
    if (!signature.ok) {
      throw new DanaProtocolException('INVALID_SIGNATURE', `invalid signature: ${signature.reason}`);
    }
    const validation = validateEnvelope(endpoint.envelope, request.body);
    if (!validation.ok) {
      throw new DanaProtocolException('PARAM_ILLEGAL', validation.errors.join('; '));
    }
    const envelope = validation.value as NonNullable<DanaHttpRequest['danaEnvelope']>;
    const expected = DanaFunction[endpoint.api];
    if (envelope.request.head.function !== expected) {
      throw new DanaProtocolException(
        'FUNCTION_MISMATCH',
        `request.head.function must be ${expected} on this endpoint, got ${envelope.request.head.function}`,
      );
    }
    request.danaEnvelope = envelope;
    return true;
  }
}
