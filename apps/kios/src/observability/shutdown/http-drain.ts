import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';

/**
 * The first step of a shutdown (SIGTERM, or `app.close()`): stop accepting requests and wait until
 * every request in flight is answered — a Create Order half done must still be stored and answered
 * (docs/architecture.md §4). Nest runs onModuleDestroy before any beforeApplicationShutdown, so the
 * projection runners and the follow-up stop after this, and the stores close last.
 */
@Injectable()
export class HttpDrain implements OnModuleDestroy {
  private readonly logger = new Logger('Shutdown');
  private draining = false;
  private inFlight = 0;
  /** A process without an HTTP server (`--role worker`) has nothing to drain. */
  private installed = false;

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  install(fastify: FastifyInstance): void {
    this.installed = true;
    fastify.addHook('onRequest', (request, reply, done) => {
      this.inFlight += 1;
      reply.raw.once('close', () => (this.inFlight -= 1));
      done();
    });
    // Node's server.close() only reaps idle keep-alive sockets once; a socket that becomes idle
    // after its last answer would hold the close open until the keep-alive timeout.
    fastify.addHook('onSend', (_request, reply, payload, done) => {
      if (this.draining) reply.header('connection', 'close');
      done(null, payload);
    });
  }

  async onModuleDestroy(): Promise<void> {
    if (!this.installed) return;
    this.draining = true;
    this.logger.log(`shutting down: no new requests; waiting for ${this.inFlight} in flight`);
    await this.adapterHost.httpAdapter.close();
    this.logger.log('HTTP server closed: every request in flight was answered');
  }
}
