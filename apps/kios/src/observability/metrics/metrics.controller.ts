import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { KiosMetrics } from './kios-metrics';

/** Prometheus's scrape endpoint, outside the DANA base path and the admin token. */
@ApiTags('Operations')
@Controller()
export class MetricsController {
  constructor(private readonly metrics: KiosMetrics) {}

  @Get('metrics')
  @ApiOperation({
    summary:
      'Prometheus metrics: DANA requests, orders, supplier, callbacks, projections, event store, process',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format', schema: { type: 'string' } })
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.scrape();
  }
}
