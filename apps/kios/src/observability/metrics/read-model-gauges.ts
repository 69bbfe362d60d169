import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, type Clock } from '@kios/dana-protocol';
import { EVENT_STORE, type EventStore } from '@kios/event-store';
import { OrderDetailRow, type ProjectionLag, type ProjectionRunner } from '@kios/projections';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { ProjectionsService } from '../../infrastructure/projections.service';
import { probeProjectionLag } from '../projection-lag.probe';
import { KiosMetrics } from './kios-metrics';

/** Counting stops here: a scrape must stay cheap even when a projection is rebuilding from far behind. */
const LAG_COUNT_LIMIT = 10_000;

/**
 * Gauges read when Prometheus scrapes: orders by status from the `order_detail` read model (so
 * every replica reports the same, and a restart loses nothing), each projection's lag, and the
 * subscriptions this process holds on `$all` (docs/architecture.md §1 "Processes and roles"). A
 * source that cannot be read leaves its gauge empty for that scrape rather than failing /metrics.
 */
@Injectable()
export class ReadModelGauges {
  private readonly logger = new Logger('Metrics');

  constructor(
    metrics: KiosMetrics,
    private readonly readModel: DataSource,
    private readonly projections: ProjectionsService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
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
      `Events in the store a projection has not applied yet (counted up to ${LAG_COUNT_LIMIT})`,
      (lag) => lag.events,
    );
    lagGauge(
      'kios_projection_lag_seconds',
      'Age of the oldest event a projection has not applied yet; 0 when caught up',
      (lag) => lag.seconds,
    );
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

  private async lagOf(runner: ProjectionRunner) {
    try {
      return await probeProjectionLag(runner, this.store, this.readModel, this.clock, LAG_COUNT_LIMIT);
    } catch (error) {
      this.logger.warn(`lag of projection ${runner.name} not collected: ${(error as Error).message}`);
      return undefined;
    }
  }
}
