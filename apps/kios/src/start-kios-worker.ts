import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { type Clock, systemClock } from '@kios/dana-protocol';
import { hideUrlPassword } from '@kios/event-store';
import type { Logger as Pino } from 'pino';
import type { KiosConfig } from './config/kios-config';
import { ProjectionsService } from './infrastructure/projections.service';
import { KiosModule } from './kios.module';
import { createKiosLogger } from './observability/logging/kios-logger';
import { nestLoggerOn } from './observability/logging/nest-logger';
import { KiosMetrics } from './observability/metrics/kios-metrics';
import { answerMetricsQuestions, serveWorkerMetrics } from './roles/worker-metrics';
import { WORKER_READY } from './roles/worker-messages';

/** How long a worker's projections may take to read the store's history before it says it is ready anyway. */
const CATCH_UP_BEFORE_READY_MS = 30_000;

/**
 * kios as `--role worker` (docs/architecture.md §1 "Processes and roles"): the same modules without
 * the API, running the background processors whose leases it holds; its metrics go to the process
 * that started it, or, started on its own, are served on KIOS_PORT (/metrics, /health). It stops on SIGTERM or
 * SIGINT, and, when a `--role all` process started it, as soon as that process is gone; that
 * process hears from it once the projections it runs have caught up with the store (WORKER_READY).
 */
export async function startKiosWorker(
  config: KiosConfig,
  clock: Clock = systemClock,
  rootLogger: Pino = createKiosLogger(config),
): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(KiosModule.forRoot(config, clock, rootLogger), {
    logger: nestLoggerOn(rootLogger),
    abortOnError: false,
  });
  app.enableShutdownHooks();
  const logger = new Logger('kios');
  if (process.connected) {
    process.once('disconnect', () => {
      logger.warn('the kios process that started this worker is gone: shutting down');
      void app.close().finally(() => process.exit(0));
    });
  }
  const registry = app.get(KiosMetrics).registry;
  if (process.send) {
    answerMetricsQuestions(registry);
  } else {
    // Unreferenced: the worker ends when its processors stop, whatever a scraper has open.
    (await serveWorkerMetrics(registry, config.host, config.port)).unref();
    logger.log(`worker metrics on http://${config.host}:${config.port}/metrics`);
  }
  logger.log(
    `kios worker running the background processors (event store ${hideUrlPassword(config.eventStore)})`,
  );
  if (process.send) {
    await caughtUp(app.get(ProjectionsService), logger);
    process.send(WORKER_READY);
  }
  return app;
}

/** The projections this worker holds the leases of have read what the store holds now. */
async function caughtUp(projections: ProjectionsService, logger: Logger): Promise<void> {
  const running = projections.runners.filter((runner) => runner.status().state === 'running');
  try {
    await Promise.all(running.map((runner) => runner.waitUntilCaughtUp(CATCH_UP_BEFORE_READY_MS)));
  } catch (error) {
    logger.warn(`ready before the read models caught up: ${(error as Error).message}`);
  }
}
