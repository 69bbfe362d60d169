import { type CanActivate, type ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  CLOCK,
  type Clock,
  DanaFunction,
  formatDanaTime,
  validateEnvelope,
  verifySignedBodyAsync,
} from '@kios/dana-protocol';
import { KIOS_CONFIG, type KiosConfig } from '../config/kios-config';
import { KiosMetrics } from '../observability/metrics/kios-metrics';
import type { DanaHttpRequest } from './dana-http-request';
import { DANA_ENDPOINT, type DanaEndpointOptions } from './dana-endpoint.metadata';
import { addressSet, clientAddress, ClientRateLimit } from './client-rate-limit';
import { DanaProtocolException } from './dana-protocol.exception';
import { MAX_JSON_DEPTH } from './json-depth';
import { type Freshness, RequestFreshness } from './request-freshness';

/**
 * docs/dana-protocol.md §2.4 in order: JSON at all (400), signature over the raw bytes (401), the envelope's
 * fields (400 naming the field), then `head.function` against the endpoint (400). The signature is
 * checked in the thread pool, so other requests move on meanwhile. Last, the replay window: a
 * reqTime outside KIOS_REQ_TIME_WINDOW_MS or a reqMsgId seen within it is counted and logged, and
 * refused (signed 401) only with KIOS_REQ_TIME_ENFORCE / KIOS_REFUSE_REPLAYS on. Before all of it,
 * a client over KIOS_RATE_LIMIT_PER_MINUTE is answered with a signed 429.
 */
@Injectable()
export class DanaRequestGuard implements CanActivate {
  private readonly logger = new Logger('DanaHttp');
  private readonly freshness: RequestFreshness;
  private readonly rateLimit?: ClientRateLimit;
  private readonly danaAddresses: ReadonlySet<string>;
  private readonly trustedProxies: ReadonlySet<string>;

  constructor(
    private readonly reflector: Reflector,
    @Inject(KIOS_CONFIG) private readonly config: KiosConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly metrics: KiosMetrics,
  ) {
    this.freshness = new RequestFreshness(config.reqTimeWindowMs);
    if (config.rateLimitPerMinute !== undefined)
      this.rateLimit = new ClientRateLimit(config.rateLimitPerMinute);
    this.danaAddresses = addressSet(config.danaAddresses);
    this.trustedProxies = addressSet(config.trustedProxies);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const endpoint = this.reflector.get<DanaEndpointOptions>(DANA_ENDPOINT, context.getHandler());
    const request = context.switchToHttp().getRequest<DanaHttpRequest>();
    this.limitRate(request);
    if (request.rawBody === undefined || request.invalidJson) {
      throw new DanaProtocolException('PARAM_ILLEGAL', 'the request body is not valid JSON');
    }
    if (request.tooDeep) {
      throw new DanaProtocolException(
        'PARAM_ILLEGAL',
        `the request body nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels`,
      );
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
    this.judgeFreshness(envelope.request.head);
    request.danaEnvelope = envelope;
    return true;
  }

  /** First, before any work: a client over KIOS_RATE_LIMIT_PER_MINUTE gets a signed 429. */
  private limitRate(request: DanaHttpRequest): void {
    if (!this.rateLimit) return;
    const client = clientAddress(
      request.raw.socket.remoteAddress,
      request.headers['x-forwarded-for'],
      this.trustedProxies,
    );
    if (this.danaAddresses.has(client)) return;
    if (!this.rateLimit.take(client, this.clock.now().getTime())) {
      throw new DanaProtocolException(
        'TOO_MANY_REQUESTS',
        `more than ${this.config.rateLimitPerMinute} requests a minute from ${client} (KIOS_RATE_LIMIT_PER_MINUTE)`,
      );
    }
  }

  private judgeFreshness(head: { function: string; reqTime: string; reqMsgId: string }): void {
    const found: Freshness = this.freshness.judge(head, this.clock.now());
    const windowS = this.config.reqTimeWindowMs / 1000;
    if (found.staleByMs !== undefined) {
      const refuse = this.config.reqTimeEnforce === 'on';
      this.count(head.function, 'stale', refuse);
      const off = `reqTime ${head.reqTime} is ${Math.abs(found.staleByMs / 1000).toFixed(0)} s ${found.staleByMs > 0 ? 'behind' : 'ahead of'} kios's clock, outside ±${windowS} s`;
      if (refuse) throw new DanaProtocolException('REQUEST_EXPIRED', `${off} (KIOS_REQ_TIME_ENFORCE=on)`);
      this.logger.warn(`${off}: answered anyway (KIOS_REQ_TIME_ENFORCE=off)`);
    }
    if (found.seenBefore !== undefined) {
      const refuse = this.config.refuseReplays === 'on';
      this.count(head.function, 'replay', refuse);
      const seen = `reqMsgId ${head.reqMsgId} was seen at ${formatDanaTime(found.seenBefore)}, within ±${windowS} s: a replay`;
      if (refuse) throw new DanaProtocolException('REQUEST_REPLAYED', `${seen} (KIOS_REFUSE_REPLAYS=on)`);
      this.logger.warn(`${seen}; answered anyway (KIOS_REFUSE_REPLAYS=off)`);
    }
  }

  private count(fn: string, finding: 'stale' | 'replay', refused: boolean): void {
    this.metrics.danaRequestFreshness.inc({ function: fn, finding, action: refused ? 'refused' : 'logged' });
  }
}
