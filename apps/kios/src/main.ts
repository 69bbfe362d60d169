import 'reflect-metadata';
import { systemClock } from '@kios/dana-protocol';
import { ConfigError, settings } from '@kios/config';
import { loadKiosConfig } from './config/kios-config';
import { createKiosLogger } from './observability/logging/kios-logger';
import { startsWorkerProcess, withRoleArgument } from './roles/kios-role';
import { awaitStoresReady, ForkedWorker, isForkedWorker } from './roles/worker-fork';

const EX_CONFIG = 78;

/*
 * start-kios and start-kios-worker are imported only below, once the configuration is read: a
 * `--role all` process forks its worker first, so that the worker loads its modules (about a second)
 * while this process loads the rest of its own and builds its application, instead of after it.
 */
async function main(): Promise<void> {
  // Until the configuration is read, its defaults say how to log.
  let logger = createKiosLogger({
    logLevel: settings.logLevel.parse(settings.logLevel.default, settings.logLevel.name),
    logFormat: settings.logFormat.parse(settings.logFormat.default, settings.logFormat.name),
  });
  try {
    const config = loadKiosConfig(withRoleArgument(process.argv.slice(2), process.env));
    logger = createKiosLogger(config);
    if (config.role === 'worker') {
      const { startKiosWorker } = await import('./start-kios-worker');
      if (isForkedWorker()) await awaitStoresReady();
      await startKiosWorker(config, systemClock, logger);
    } else {
      const firstWorker = startsWorkerProcess(config) ? new ForkedWorker() : undefined;
      const { startKios } = await import('./start-kios');
      await startKios(config, systemClock, logger, firstWorker);
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    logger.fatal(`kios cannot start: ${reason}`);
    process.exit(error instanceof ConfigError ? EX_CONFIG : 1);
  }
}

void main();
