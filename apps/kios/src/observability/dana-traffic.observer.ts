import { Injectable } from '@nestjs/common';
import { DanaFunction } from '@kios/dana-protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { danaApiForPath } from '../http/dana-endpoint.metadata';
import { danaRequestFields, summarizeDanaAnswer } from './dana-traffic';
import { LogContext } from './logging/log-context';
import { KiosMetrics } from './metrics/kios-metrics';

/**
 * Watches the DANA endpoints from fastify's hooks, so no controller or pipeline class has to know:
 * once the body is parsed (before the signature check, so even a refused request is identified),
 * the request's log lines get its reqMsgId, function, requestId and orderId; once kios's signed
 * answer is ready, its outcome is counted and timed.
 */
@Injectable()
export class DanaTrafficObserver {
  private readonly outcomes = new WeakMap<FastifyRequest, string>();

  constructor(
    private readonly metrics: KiosMetrics,
    private readonly logContext: LogContext,
  ) {}

  install(fastify: FastifyInstance): void {
    fastify.addHook('onRequest', (request, reply, done) => {
      const api = danaApiForPath(request.url);
      if (api) {
        const labels = { function: DanaFunction[api] };
        this.metrics.danaRequestsInFlight.inc(labels);
        // 'close' comes whether the answer was sent or the client went away.
        reply.raw.once('close', () => this.metrics.danaRequestsInFlight.dec(labels));
      }
      done();
    });

    fastify.addHook('preHandler', (request, _reply, done) => {
      const api = danaApiForPath(request.url);
      if (api) this.logContext.assign(danaRequestFields(api, request.body));
      done();
    });

    fastify.addHook('onSend', (request, _reply, payload, done) => {
      const api = danaApiForPath(request.url);
      if (api && typeof payload === 'string') {
        const { outcome, orderId } = summarizeDanaAnswer(api, payload);
        this.outcomes.set(request, outcome);
        this.logContext.assign({ orderId });
      }
      done(null, payload);
    });

    fastify.addHook('onResponse', (request, reply, done) => {
      const api = danaApiForPath(request.url);
      if (api) {
        this.metrics.danaRequests.observe(
          {
            function: DanaFunction[api],
            status_class: `${Math.floor(reply.statusCode / 100)}xx`,
            outcome: this.outcomes.get(request) ?? 'NONE',
          },
          reply.elapsedTime / 1000,
        );
      }
      done();
    });
  }
}
