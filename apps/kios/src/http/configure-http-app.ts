import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { KIOS_CONFIG, type KiosConfig } from '../config/kios-config';
import { DanaExceptionFilter } from './dana-exception.filter';
import { registerFormParser } from './form.parser';
import { registerRawJsonParser } from './raw-json.parser';
import { limitBodyTime, slowClientServerOptions } from './slow-clients';

export function createFastifyAdapter(
  config: Pick<KiosConfig, 'bodyLimitBytes' | 'headersTimeoutMs' | 'bodyTimeoutMs'>,
): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    ...slowClientServerOptions(config),
    return503OnClosing: true,
    // Request ids in the logs stay unique across restarts and replicas.
    genReqId: () => randomUUID(),
  });
}

/** What every kios HTTP app needs, in the tests as in production. Create the app with `bodyParser: false`. */
export function configureHttpApp(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  registerRawJsonParser(fastify);
  registerFormParser(fastify);
  limitBodyTime(fastify, app.get<KiosConfig>(KIOS_CONFIG));
  app.useGlobalFilters(app.get(DanaExceptionFilter));
  app.enableShutdownHooks();
}
