import 'reflect-metadata';
import { systemClock } from '@kios/dana-protocol';
import { ConfigError, settings } from '@kios/config';
import { loadKiosConfig } from './config/kios-config';
import { createKiosLogger } from './observability/logging/kios-logger';
import { startKios } from './start-kios';

const EX_CONFIG = 78;

async function main(): Promise<void> {
  // Until the configuration is read, its defaults say how to log.
  let logger = createKiosLogger({
    logLevel: settings.logLevel.parse(settings.logLevel.default, settings.logLevel.name),
    logFormat: settings.logFormat.parse(settings.logFormat.default, settings.logFormat.name),
  });
  try {
    const config = loadKiosConfig(process.env);
    logger = createKiosLogger(config);
    await startKios(config, systemClock, logger);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    logger.fatal(`kios cannot start: ${reason}`);
    process.exit(error instanceof ConfigError ? EX_CONFIG : 1);
  }
}

void main();
