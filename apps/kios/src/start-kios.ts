import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type Clock, systemClock } from '@kios/dana-protocol';
import { hideUrlPassword } from '@kios/event-store';
import type { Logger as Pino } from 'pino';
import type { KiosConfig } from './config/kios-config';
import { buildOpenApiDocument } from './docs/openapi-document';
import { serveApiDocs } from './docs/serve-api-docs';
import { configureHttpApp, createFastifyAdapter } from './http/configure-http-app';
import { KiosModule } from './kios.module';
import { installObservability } from './observability/install-observability';
import { createKiosLogger } from './observability/logging/kios-logger';
import { nestLoggerOn } from './observability/logging/nest-logger';
import type { ForkedWorker } from './roles/worker-fork';

/** Builds, starts and returns kios on its configured port. */
export async function startKios(
  config: KiosConfig,
  clock: Clock = systemClock,
  rootLogger: Pino = createKiosLogger(config),
  firstWorker?: ForkedWorker,
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    KiosModule.forRoot(config, clock, rootLogger, firstWorker),
    createFastifyAdapter(config),
    { bodyParser: false, logger: nestLoggerOn(rootLogger), abortOnError: false },
  );
  installObservability(app);
  configureHttpApp(app);
  const logger = new Logger('kios');
  if (config.generatedDevKeysDir) {
    logger.warn(
      `generated development key pairs for kios and DANA in ${config.generatedDevKeysDir} (not for production)`,
    );
  } else if (config.keys.source === 'dev') {
    logger.log('using the development key pairs under the data directory');
  }
  if (config.generatedSessionSecretFile) {
    logger.warn(
      `generated a development session secret in ${config.generatedSessionSecretFile} (not for production: set KIOS_SESSION_SECRET)`,
    );
  }
  if (config.docs === 'on') {
    serveApiDocs(app, buildOpenApiDocument(app));
    logger.log('API documentation at /docs (KIOS_DOCS=on)');
  }
  await app.listen(config.port, config.host);
  // The address as bound (0.0.0.0 is every interface), then a URL that reaches it from this host.
  const { address, port } = app.getHttpServer().address() as AddressInfo;
  logger.log(
    `kios listening on ${address.includes(':') ? `[${address}]` : address}:${port}, ${await app.getUrl()} (event store ${hideUrlPassword(config.eventStore)}, read model ${hideUrlPassword(config.readModel)})`,
  );
  return app;
}
