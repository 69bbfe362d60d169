import { HealthIndicatorService } from '@nestjs/terminus';
import { FixedClock, idr } from '@kios/dana-protocol';
import { InMemoryEventStore, positionToCheckpoint } from '@kios/event-store';
import type { ProjectionRunState, ProjectionStatus } from '@kios/projections';
import type { DataSource } from 'typeorm';
import type { KiosConfig } from '../../src/config/kios-config';
import type { ProjectionsService } from '../../src/infrastructure/projections.service';
import { ReadinessIndicators } from '../../src/observability/health/readiness.indicators';
import { SupplierBalance } from '../../src/observability/health/supplier-balance';
import { KiosMetrics } from '../../src/observability/metrics/kios-metrics';

const clock = new FixedClock(new Date('2026-11-26T03:00:00Z'));
const never = () => new Promise<never>(() => undefined);

/** SupplierBalance with KIOS_DIGIFLAZZ_MIN_BALANCE at `minimum` minor units (or none). */
const balanceAt = (minimum: bigint | undefined) =>
  new SupplierBalance(new KiosMetrics(), { digiflazzMinBalance: minimum } as KiosConfig);

describe('readiness indicators', () => {
  let store: InMemoryEventStore;

  beforeEach(async () => {
    store = new InMemoryEventStore({ clock });
    await store.append(
      'order-1',
      [1, 2, 3, 4].map((n) => ({ type: 'Noted', data: { n } })),
      'no_stream',
    );
  });

  function indicators(options: {
    runner?: Partial<ProjectionStatus> & { state: ProjectionRunState };
    query?: () => Promise<unknown>;
    /** The checkpoint stored in the read model, as another process running the projection left it. */
    storedCheckpoint?: string;
    maxLagEvents?: number;
    eventStore?: InMemoryEventStore;
    balance?: SupplierBalance;
  }) {
    const status = { name: 'order_detail', eventsApplied: 0, ...options.runner };
    const projections = { runners: options.runner ? [{ name: 'order_detail', status: () => status }] : [] };
    return new ReadinessIndicators(
      new HealthIndicatorService(),
      options.eventStore ?? store,
      {
        query: options.query ?? (async () => [{ '?column?': 1 }]),
        getRepository: () => ({
          findOneBy: async () =>
            options.storedCheckpoint === undefined
              ? null
              : { name: 'order_detail', position: options.storedCheckpoint },
        }),
      } as unknown as DataSource,
      projections as unknown as ProjectionsService,
      clock,
      { readyCheckTimeoutMs: 50, readyMaxLagEvents: options.maxLagEvents ?? 10 } as KiosConfig,
      options.balance ?? balanceAt(undefined),
    );
  }

  /** The checkpoint after the first `applied` events of the store. */
  async function checkpointAfter(applied: number): Promise<string> {
    const events = [];
    for await (const event of store.readAll()) events.push(event);
    return positionToCheckpoint(events[applied - 1].position);
  }

  it('keeps a running projection ready while its lag is within KIOS_READY_MAX_LAG_EVENTS', async () => {
    const checkpoint = await checkpointAfter(1);
    const result = await indicators({
      runner: { state: 'running', checkpoint },
      maxLagEvents: 3,
    }).checkProjections();
    expect(result).toEqual({
      projections: {
        status: 'up',
        order_detail: { state: 'running', lagEvents: 3, lagSeconds: 0, behind: false },
      },
    });
  });

  it('is unready while a projection trails by more events than the bound', async () => {
    const checkpoint = await checkpointAfter(1);
    const result = await indicators({
      runner: { state: 'running', checkpoint },
      maxLagEvents: 2,
    }).checkProjections();
    expect(result.projections).toMatchObject({
      status: 'down',
      order_detail: { lagEvents: 3, behind: true },
    });
  });

  it('judges a projection another process runs (idle here) by its stored checkpoint', async () => {
    const storedCheckpoint = await checkpointAfter(3);
    expect(
      await indicators({ runner: { state: 'idle' }, storedCheckpoint, maxLagEvents: 1 }).checkProjections(),
    ).toEqual({
      projections: {
        status: 'up',
        order_detail: { state: 'elsewhere', lagEvents: 1, lagSeconds: 0, behind: false },
      },
    });
    const behind = await indicators({
      runner: { state: 'idle' },
      storedCheckpoint: await checkpointAfter(1),
      maxLagEvents: 1,
    }).checkProjections();
    expect(behind.projections).toMatchObject({
      status: 'down',
      order_detail: { state: 'elsewhere', lagEvents: 2, behind: true },
    });
  });

  it('is unready when a projection stopped or failed, saying why', async () => {
    const result = await indicators({ runner: { state: 'failing', error: 'disk full' } }).checkProjections();
    expect(result.projections).toEqual({
      status: 'down',
      order_detail: { state: 'failing', error: 'disk full' },
    });
  });

  it('counts a read-model database that refuses or does not answer in time as down', async () => {
    const refused = await indicators({
      query: async () => Promise.reject(new Error('connection refused')),
    }).checkReadModel();
    expect(refused).toEqual({ readModel: { status: 'down', message: 'connection refused' } });
    const hanging = await indicators({ query: never }).checkReadModel();
    expect(hanging).toEqual({
      readModel: { status: 'down', message: 'the read-model database did not answer within 50 ms' },
    });
    expect(await indicators({}).checkReadModel()).toEqual({ readModel: { status: 'up' } });
  });

  it('counts an event store that does not answer in time as down', async () => {
    const hanging = Object.assign(new InMemoryEventStore({ clock }), { headPosition: never });
    expect(await indicators({ eventStore: hanging }).checkEventStore()).toEqual({
      eventStore: { status: 'down', message: 'the event store did not answer within 50 ms' },
    });
    expect(await indicators({}).checkEventStore()).toEqual({ eventStore: { status: 'up' } });
  });

  it('stays up with a low deposit, naming it, and says nothing of a deposit not read yet', () => {
    const balance = balanceAt(10_000_000n);
    expect(indicators({ balance }).checkSupplierBalance()).toEqual({
      supplierBalance: { status: 'up', read: false },
    });

    balance.record('digiflazz', idr(5_000_000n));

    expect(indicators({ balance }).checkSupplierBalance()).toEqual({
      supplierBalance: {
        status: 'up',
        supplier: 'digiflazz',
        balance: 'Rp 50.000',
        minimum: 'Rp 100.000',
        low: true,
        note: 'the deposit is below KIOS_DIGIFLAZZ_MIN_BALANCE: top it up',
      },
    });
  });
});
