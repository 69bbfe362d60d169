import { FixedClock } from '@kios/dana-protocol';
import { openLeaseStore } from '@kios/event-store';
import type { Processor, ProcessorKind, ProcessorStatus } from '../../src/background/processor';
import { ProcessorGauges } from '../../src/background/processor-gauges';
import { type LeaseSettings, ProcessorsService } from '../../src/background/processors.service';
import { KiosMetrics } from '../../src/observability/metrics/kios-metrics';

/** A processor noting in `journal` when each start or stop begins and ends; a stop ends when the test lets it. */
function recording(name: string, kind: ProcessorKind, journal: string[]) {
  let finishStop!: () => void;
  const stopped = new Promise<void>((resolve) => (finishStop = resolve));
  const processor: Processor = {
    name,
    kind,
    reads: 'test events',
    start: async () => {
      journal.push(`start ${name}`);
    },
    stop: async () => {
      journal.push(`stopping ${name}`);
      await stopped;
      journal.push(`stopped ${name}`);
    },
    wakeUp: () => undefined,
    status: async () => ({}),
  };
  return { processor, finishStop };
}

/** One replica alone, on in-process leases: it takes every lease at start, as `npm start` does. */
async function alone(): Promise<LeaseSettings> {
  const clock = new FixedClock(new Date('2026-01-01T00:00:00Z'));
  const { store } = await openLeaseStore('memory:', clock);
  return { store, holder: 'only-replica', clock, ttlMs: 10_000, renewEveryMs: 3_600_000 };
}

describe('ProcessorsService', () => {
  it('starts projections before reactors, and stops every reactor before any projection', async () => {
    const journal: string[] = [];
    const dispatcher = recording('dispatcher', 'reactor', journal);
    const outbox = recording('outbox', 'projection', journal);
    const notifier = recording('notifier', 'reactor', journal);
    const service = new ProcessorsService(
      [dispatcher.processor, outbox.processor, notifier.processor],
      await alone(),
    );

    await service.onApplicationBootstrap();
    expect(journal).toEqual(['start outbox', 'start dispatcher', 'start notifier']);

    journal.length = 0;
    const stopping = service.beforeApplicationShutdown();
    await new Promise((resolve) => setImmediate(resolve));
    // Both reactors are asked together; the projection waits for them.
    expect(journal).toEqual(['stopping dispatcher', 'stopping notifier']);
    dispatcher.finishStop();
    await new Promise((resolve) => setImmediate(resolve));
    expect(journal).not.toContain('stopping outbox');
    notifier.finishStop();
    await new Promise((resolve) => setImmediate(resolve));
    expect(journal.slice(-1)).toEqual(['stopping outbox']);
    outbox.finishStop();
    await stopping;
    expect(journal).toEqual([
      'stopping dispatcher',
      'stopping notifier',
      'stopped dispatcher',
      'stopped notifier',
      'stopping outbox',
      'stopped outbox',
    ]);
  });
});

describe('ProcessorGauges', () => {
  it("shows each reactor's pending work and lag, and no projection's", async () => {
    const reactor = (name: string, status: ProcessorStatus): Processor => ({
      name,
      kind: 'reactor',
      reads: 'a read model',
      start: async () => undefined,
      stop: async () => undefined,
      wakeUp: () => undefined,
      status: async () => status,
    });
    const lag = { events: 4, seconds: 2, eventsCapped: false };
    const metrics = new KiosMetrics();
    new ProcessorGauges(
      metrics,
      new ProcessorsService(
        [
          reactor('callback_dispatcher', { pending: { count: 3, of: 'due callbacks' } }),
          reactor('notify_product_status', { checkpoint: '7/7', lag }),
          { ...reactor('product', { checkpoint: '9/9', lag }), kind: 'projection' },
        ],
        await alone(),
      ),
    );

    const text = await metrics.registry.metrics();

    expect(text).toContain('kios_processor_pending{processor="callback_dispatcher"} 3');
    expect(text).toContain('kios_processor_lag_events{processor="notify_product_status"} 4');
    expect(text).not.toMatch(/kios_processor_(pending|lag_events)\{processor="product"\}/);
  });

  it('shows, for every processor, whether this replica holds its lease', async () => {
    const processor = (name: string, kind: ProcessorKind): Processor => ({
      name,
      kind,
      reads: 'test events',
      start: async () => undefined,
      stop: async () => undefined,
      wakeUp: () => undefined,
      status: async () => ({}),
    });
    const leases = await alone();
    // Another replica holds the dispatcher's lease: this one stands by for it.
    await leases.store.acquire('callback_dispatcher', 'other-replica', leases.ttlMs);
    const metrics = new KiosMetrics();
    const service = new ProcessorsService(
      [processor('callback_dispatcher', 'reactor'), processor('product', 'projection')],
      leases,
    );
    new ProcessorGauges(metrics, service);
    await service.onApplicationBootstrap();

    const text = await metrics.registry.metrics();
    await service.beforeApplicationShutdown();

    expect(text).toContain('kios_processor_lease_held{processor="callback_dispatcher"} 0');
    expect(text).toContain('kios_processor_lease_held{processor="product"} 1');
  });
});
