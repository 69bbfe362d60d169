import { Controller, Get, Logger, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, type HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { ReadinessIndicators } from './readiness.indicators';

/**
 * Liveness and readiness for the orchestrator, outside the DANA base path and the admin token.
 * /health only says the process answers; /ready says whether DANA traffic should be sent here.
 */
@ApiTags('Operations')
@Controller()
export class HealthController {
  private readonly logger = new Logger('Readiness');
  private wasReady?: boolean;

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: ReadinessIndicators,
  ) {}

  @Get('health')
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness: the process answers' })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** 503 with the failing checks named; the global error filter would hide terminus's details. */
  @Get('ready')
  @HealthCheck()
  @ApiOperation({
    summary: 'Readiness: event store and read model reachable, projections within KIOS_READY_MAX_LAG_EVENTS',
  })
  @ApiOkResponse({ description: 'Ready for DANA traffic; every check is up' })
  @ApiServiceUnavailableResponse({ description: 'Not ready; `error` names the checks that are down and why' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    try {
      const result = await this.health.check([
        () => this.indicators.checkEventStore(),
        () => this.indicators.checkReadModel(),
        () => this.indicators.checkProjections(),
        () => this.indicators.checkSupplierBalance(),
      ]);
      this.noteReadiness(true, result);
      return result;
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as HealthCheckResult;
      this.noteReadiness(false, result);
      reply.status(503);
      return result;
    }
  }

  /** A probe every few seconds would flood the log: only changes are logged. */
  private noteReadiness(ready: boolean, result: HealthCheckResult): void {
    if (ready === this.wasReady) return;
    this.wasReady = ready;
    if (ready) this.logger.log('ready: event store, read model and projections are up');
    else this.logger.warn(`not ready: ${JSON.stringify(result.error ?? {})}`);
  }
}
