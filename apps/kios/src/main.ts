import 'reflect-metadata';
import { systemClock } from '@kios/dana-protocol';
import { ConfigError, settings } from '@kios/config';
import { loadKiosConfig } from './config/kios-config';
import { createKiosLogger } from './observability/logging/kios-logger';
import { withRoleArgument } from './roles/kios-role';
import { startKios } from './start-kios';
import { startKiosWorker } from './start-kios-worker';

const EX_CONFIG = 78;

async function main(): Promise<void> {
  // Until the configuration is read, its defaults say how to log.
  let logger = createKiosLogger({
    logLevel: settings.logLevel.parse(settings.logLevel.default, settings.logLevel.name),
    logFormat: settings.logFormat.parse(settings.logFormat.default, settings.logFormat.name),
  });
  try {
    const config = loadKiosConfig(withRoleArgument(process.argv.slice(2), process.env));
    logger = createKiosLogger(config);
    if (config.role === 'worker') await startKiosWorker(config, systemClock, logger);
    else await startKios(config, systemClock, logger);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    logger.fatal(`kios cannot start: ${reason}`);
    process.exit(error instanceof ConfigError ? EX_CONFIG : 1);
  }
}

void main();
