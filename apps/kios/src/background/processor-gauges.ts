import { Injectable, Logger } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { KiosMetrics } from '../observability/metrics/kios-metrics';
import type { ProcessorStatus } from './processor';
import { ProcessorsService } from './processors.service';

/**
 * Each reactor's status in /metrics, read at scrape time: the work it has waiting (due callbacks,
 * orders awaiting a check) and, for one that keeps a checkpoint, how many events it trails. The
 * projections' lag has gauges of its own (ReadModelGauges). A status that cannot be read leaves its
 * gauge empty for that scrape. And for every processor, whether this replica holds its lease.
 */
@Injectable()
export class ProcessorGauges {
  private readonly logger = new Logger('Metrics');

  constructor(metrics: KiosMetrics, processors: ProcessorsService) {
    const reactors = processors.processors.filter((processor) => processor.kind === 'reactor');
    let statuses: Promise<Map<string, ProcessorStatus>> | undefined;
    /** Both gauges are collected in one scrape: each reactor's status is read once for them. */
    const statusOnce = () => {
      statuses ??= this.read(reactors).finally(() => setImmediate(() => (statuses = undefined)));
      return statuses;
    };
    const gauge = (name: string, help: string, value: (status: ProcessorStatus) => number | undefined) => {
      const created: Gauge<'processor'> = new Gauge({
        name,
        help,
        labelNames: ['processor'] as const,
        registers: [metrics.registry],
        collect: async () => {
          created.reset();
          for (const [processor, status] of await statusOnce()) {
            const measured = value(status);
            if (measured !== undefined) created.set({ processor }, measured);
          }
        },
      });
    };
    gauge(
      'kios_processor_pending',
      'Work a background reactor has waiting in its read model (due callbacks, orders awaiting a check)',
      (status) => status.pending?.count,
    );
    gauge(
      'kios_processor_lag_events',
      'Events in the store a background reactor with a checkpoint has not handled yet',
      (status) => status.lag?.events,
    );
    const leaseHeld: Gauge<'processor'> = new Gauge({
      name: 'kios_processor_lease_held',
      help: "1 when this replica holds the processor's lease and runs it, 0 while it stands by (docs/architecture.md §1)",
      labelNames: ['processor'] as const,
      registers: [metrics.registry],
      collect: () => {
        for (const lease of processors.leases)
          leaseHeld.set({ processor: lease.processor.name }, lease.held ? 1 : 0);
      },
    });
  }

  private async read(reactors: ProcessorsService['processors']): Promise<Map<string, ProcessorStatus>> {
    const statuses = new Map<string, ProcessorStatus>();
    for (const reactor of reactors) {
      try {
        statuses.set(reactor.name, await reactor.status());
      } catch (error) {
        this.logger.warn(`status of ${reactor.name} not collected: ${(error as Error).message}`);
      }
    }
    return statuses;
  }
}
