import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type Clock, systemClock } from '@kios/dana-protocol';
import type { KiosConfig } from './config/kios-config';
import { configureHttpApp, createFastifyAdapter } from './http/configure-http-app';
import { KiosModule } from './kios.module';

/** Builds, starts and returns kios on its configured port. */
export async function startKios(
  config: KiosConfig,
  clock: Clock = systemClock,
): Promise<NestFastifyApplication> {
  const logger = new Logger('kios');
  if (config.generatedDevKeysDir) {
    logger.warn(
      `generated development key pairs for kios and DANA in ${config.generatedDevKeysDir} (not for production)`,
    );
  } else if (config.keys.source === 'dev') {
    logger.log('using the development key pairs under the data directory');
  }
  const app = await NestFactory.create<NestFastifyApplication>(
    KiosModule.forRoot(config, clock),
    createFastifyAdapter(config),
    {
      bodyParser: false,
      bufferLogs: false,
    abortOnError: false,
    },
  );
  configureHttpApp(app);
  await app.listen(config.port, config.host);
  logger.log(
    `kios listening on ${await app.getUrl()} (event store ${redact(config.eventStore)}, read model ${redact(config.readModel)})`,
  );
  return app;
}

/** Keeps a password that may sit in a connection URL out of the log. */
function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
