import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DanaTrafficObserver } from './dana-traffic.observer';
import { RequestLogging } from './logging/request-logging';
import { HttpDrain } from './shutdown/http-drain';

/**
 * The fastify side of ObservabilityModule; call it right after the app is created, before it
 * listens, so the hooks cover every route.
 */
export function installObservability(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  app.get(RequestLogging).install(fastify);
  app.get(HttpDrain).install(fastify);
  app.get(DanaTrafficObserver).install(fastify);
}
