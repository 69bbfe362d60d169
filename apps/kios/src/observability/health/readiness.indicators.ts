import { Inject, Injectable } from '@nestjs/common';
import { type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { CLOCK, type Clock, formatRupiah } from '@kios/dana-protocol';
import { EVENT_STORE, type EventStore } from '@kios/event-store';
import { DataSource } from 'typeorm';
import { KIOS_CONFIG, type KiosConfig } from '../../config/kios-config';
import { ProjectionsService } from '../../infrastructure/projections.service';
import { probeProjectionLag } from '../projection-lag.probe';
import { SupplierBalance } from './supplier-balance';

/** A store that hangs (a dropped TCP connection, a pool with no free client) is as unready as one that refuses. */
function within<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * What /ready checks: kios can only answer DANA correctly when it can write events, read its read
 * models, and those read models are close enough to the events (KIOS_READY_MAX_LAG_EVENTS).
 */
@Injectable()
export class ReadinessIndicators {
  private readonly timeoutMs: number;
  private readonly maxLagEvents: number;

  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModel: DataSource,
    private readonly projections: ProjectionsService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(KIOS_CONFIG) config: KiosConfig,
    private readonly supplierBalance: SupplierBalance,
  ) {
    this.timeoutMs = config.readyCheckTimeoutMs;
    this.maxLagEvents = config.readyMaxLagEvents;
  }

  async checkEventStore(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('eventStore');
    try {
      await within(this.store.headPosition(), this.timeoutMs, 'the event store');
      return check.up();
    } catch (error) {
      return check.down({ message: reason(error) });
    }
  }

  async checkReadModel(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('readModel');
    try {
      await within(this.readModel.query('SELECT 1'), this.timeoutMs, 'the read-model database');
      return check.up();
    } catch (error) {
      return check.down({ message: reason(error) });
    }
  }

  async checkProjections(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('projections');
    const details: Record<string, Record<string, unknown>> = {};
    let ready = true;
    for (const runner of this.projections.runners) {
      const { state, error } = runner.status();
      // Idle here: another process runs it (a worker, the replica holding its lease); its stored checkpoint tells.
      if (state !== 'running' && state !== 'idle') {
        ready = false;
        details[runner.name] = { state, ...(error ? { error } : {}) };
        continue;
      }
      try {
        const lag = await within(
          probeProjectionLag(runner, this.store, this.readModel, this.clock, this.maxLagEvents + 1),
          this.timeoutMs,
          'the event store',
        );
        const behind = lag.events > this.maxLagEvents;
        if (behind) ready = false;
        details[runner.name] = {
          state: state === 'idle' ? 'elsewhere' : state,
          lagEvents: lag.events,
          lagSeconds: lag.seconds,
          behind,
        };
      } catch (failure) {
        ready = false;
        details[runner.name] = { state, error: reason(failure) };
      }
    }
    return ready ? check.up(details) : check.down(details);
  }

  /**
   * Always up: a low deposit does not stop kios answering DANA (a purchase it cannot pay fails
   * cleanly), but an operator reading /ready should see it, named, beside the checks that are.
   */
  checkSupplierBalance(): HealthIndicatorResult {
    const check = this.indicators.check('supplierBalance');
    const reading = this.supplierBalance.reading;
    if (!reading) return check.up({ read: false });
    return check.up({
      supplier: reading.supplier,
      balance: formatRupiah(reading.balance),
      ...(reading.minimum ? { minimum: formatRupiah(reading.minimum) } : {}),
      low: reading.low,
      ...(reading.low ? { note: 'the deposit is below KIOS_DIGIFLAZZ_MIN_BALANCE: top it up' } : {}),
    });
  }
}
