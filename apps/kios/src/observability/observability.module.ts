import { type DynamicModule, Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { SUPPLIER_DECORATOR, type Supplier } from '@kios/fulfillment';
import { SALE_OBSERVER, type SaleObserver } from '@kios/ordering';
import { countSale } from './metrics/sale-metrics';
import type { Logger } from 'pino';
import { DanaTrafficObserver } from './dana-traffic.observer';
import { HealthController } from './health/health.controller';
import { ReadinessIndicators } from './health/readiness.indicators';
import { SupplierBalance } from './health/supplier-balance';
import { LogContext } from './logging/log-context';
import { RequestLogging } from './logging/request-logging';
import { ROOT_LOGGER } from './logging/root-logger';
import { KiosMetrics } from './metrics/kios-metrics';
import { MetricsController } from './metrics/metrics.controller';
import { observeSupplier } from './metrics/observed-supplier';
import { EventStoreWriteGauges } from './metrics/event-store-write-gauges';
import { ReadModelGauges } from './metrics/read-model-gauges';
import { HttpDrain } from './shutdown/http-drain';

/**
 * Logs, metrics, health and the graceful HTTP drain (issue #9). Global so that InfrastructureModule
 * and FulfillmentModule can observe the event store and the supplier, and any module can assign
 * request log fields.
 * Wire the fastify side with `installObservability(app)` before the app listens.
 */
@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(rootLogger: Logger): DynamicModule {
    return {
      module: ObservabilityModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: ROOT_LOGGER, useValue: rootLogger },
        KiosMetrics,
        LogContext,
        RequestLogging,
        DanaTrafficObserver,
        ReadModelGauges,
        EventStoreWriteGauges,
        ReadinessIndicators,
        SupplierBalance,
        HttpDrain,
        {
          provide: SALE_OBSERVER,
          inject: [KiosMetrics],
          useFactory: (metrics: KiosMetrics): SaleObserver => ({ sold: (sale) => countSale(metrics, sale) }),
        },
        {
          provide: SUPPLIER_DECORATOR,
          inject: [KiosMetrics],
          useFactory:
            (metrics: KiosMetrics) =>
            <S extends Supplier>(supplier: S) =>
              observeSupplier(supplier, metrics),
        },
      ],
      exports: [KiosMetrics, LogContext, SUPPLIER_DECORATOR, SALE_OBSERVER, SupplierBalance],
    };
  }
}
