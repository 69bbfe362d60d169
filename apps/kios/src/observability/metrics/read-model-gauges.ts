import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, type Clock } from '@kios/dana-protocol';
import { EVENT_STORE, type EventStore } from '@kios/event-store';
import {
  OrderDetailRow,
  OrdersForOperator,
  type ProjectionLag,
  type ProjectionRunner,
} from '@kios/projections';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { KIOS_CONFIG, type KiosConfig } from '../../config/kios-config';
import { ProjectionsService } from '../../infrastructure/projections.service';
import { probeProjectionLag } from '../projection-lag.probe';
import { KiosMetrics } from './kios-metrics';

/**
 * Counting stops here, or just past KIOS_READY_MAX_LAG_EVENTS when that is higher (an alert must
 * see the lag cross it): a scrape must stay cheap even when a projection is rebuilding from far behind.
 */
const LAG_COUNT_LIMIT = 10_000;

/**
 * Gauges read when Prometheus scrapes: orders by status and the age of the oldest unsettled order
 * in each status from the `order_detail` read model (so every replica reports the same, and a
 * restart loses nothing), each projection's lag beside the bound /ready holds it to, and the
 * subscriptions this process holds on `$all` (docs/architecture.md §1 "Processes and roles"). A
 * source that cannot be read leaves its gauge empty for that scrape rather than failing /metrics.
 */
@Injectable()
export class ReadModelGauges {
  private readonly logger = new Logger('Metrics');
  private readonly lagCountLimit: number;

  constructor(
    metrics: KiosMetrics,
    private readonly readModel: DataSource,
    private readonly projections: ProjectionsService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(KIOS_CONFIG) config: KiosConfig,
  ) {
    this.lagCountLimit = Math.max(LAG_COUNT_LIMIT, config.readyMaxLagEvents + 1);
    const registers = [metrics.registry];
    const orders: Gauge<'status'> = new Gauge({
      name: 'kios_orders',
      help: 'Orders in the order_detail read model, by status',
      labelNames: ['status'] as const,
      // Read from the one shared read model: a worker process's reading is the same, not more.
      aggregator: 'first',
      registers,
      collect: async () => {
        orders.reset();
        for (const { status, count } of await this.ordersByStatus()) orders.set({ status }, count);
      },
    });
    const unsettled: Gauge<'status'> = new Gauge({
      name: 'kios_orders_unsettled_oldest_seconds',
      help: 'Age of the oldest order not final yet, from when it was placed, by status (requested, pending, in_doubt); none when no order is in it',
      labelNames: ['status'] as const,
      aggregator: 'first',
      registers,
      collect: async () => {
        unsettled.reset();
        const now = this.clock.now().getTime();
        for (const { status, placedAt } of await this.oldestUnsettled()) {
          unsettled.set({ status }, Math.max(0, (now - placedAt.getTime()) / 1000));
        }
      },
    });
    const lagGauge = (name: string, help: string, value: (lag: ProjectionLag) => number) => {
      const gauge: Gauge<'projection'> = new Gauge({
        name,
        help,
        labelNames: ['projection'] as const,
        aggregator: 'max',
        registers,
        collect: async () => {
          gauge.reset();
          for (const runner of this.projections.runners) {
            const lag = await this.lagOf(runner);
            if (lag) gauge.set({ projection: runner.name }, value(lag));
          }
        },
      });
    };
    lagGauge(
      'kios_projection_lag_events',
      `Events in the store a projection has not applied yet (counted up to ${this.lagCountLimit})`,
      (lag) => lag.events,
    );
    lagGauge(
      'kios_projection_lag_seconds',
      'Age of the oldest event a projection has not applied yet; 0 when caught up',
      (lag) => lag.seconds,
    );
    // The configured bound itself, so an alert compares the lag with what this deployment's /ready does.
    new Gauge({
      name: 'kios_ready_max_lag_events',
      help: 'KIOS_READY_MAX_LAG_EVENTS: /ready fails while a projection trails the store by more events than this',
      aggregator: 'first',
      registers,
    }).set(config.readyMaxLagEvents);
    const running: Gauge<'projection'> = new Gauge({
      name: 'kios_projection_running',
      help: 'Whether a projection runner is applying events (1) or stopped or failed (0)',
      labelNames: ['projection'] as const,
      registers,
      collect: () => {
        for (const runner of this.projections.runners) {
          running.set({ projection: runner.name }, runner.status().state === 'running' ? 1 : 0);
        }
      },
    });
    const feedSubscribers: Gauge = new Gauge({
      name: 'kios_all_feed_subscribers',
      help: 'Subscriptions this process holds on $all for its projections and reactors (0 in a process of role api)',
      registers,
      collect: () => feedSubscribers.set(this.projections.feed.subscriberCount),
    });
  }

  private async ordersByStatus(): Promise<{ status: string; count: number }[]> {
    try {
      const rows: { status: string; count: string | number }[] = await this.readModel
        .getRepository(OrderDetailRow)
        .createQueryBuilder('o')
        .select('o.status', 'status')
        .addSelect('COUNT(*)', 'count')
        .groupBy('o.status')
        .getRawMany();
      return rows.map(({ status, count }) => ({ status, count: Number(count) }));
    } catch (error) {
      this.logger.warn(`orders by status not collected: ${(error as Error).message}`);
      return [];
    }
  }

  private async oldestUnsettled() {
    try {
      return await new OrdersForOperator(this.readModel).oldestUnsettled();
    } catch (error) {
      this.logger.warn(`oldest unsettled orders not collected: ${(error as Error).message}`);
      return [];
    }
  }

  private async lagOf(runner: ProjectionRunner) {
    try {
      return await probeProjectionLag(runner, this.store, this.readModel, this.clock, this.lagCountLimit);
    } catch (error) {
      this.logger.warn(`lag of projection ${runner.name} not collected: ${(error as Error).message}`);
      return undefined;
    }
  }
}
