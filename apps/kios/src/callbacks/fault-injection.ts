import { Inject, Injectable, Logger } from '@nestjs/common';
import type { CallbackFaults } from '@kios/ordering';
import { KIOS_CONFIG, type KiosConfig } from '../config/kios-config';

export type FaultPoint = NonNullable<KiosConfig['faultInjection']>;

/**
 * Deterministic crash points for the crash tests (KIOS_FAULT_INJECTION): at the armed point the
 * process kills itself with SIGKILL — no shutdown hooks, no flush, exactly like a power cut — so a
 * test can prove a restart neither loses nor repeats the callback wrongly. Never armed in production.
 * DeliverOrderCallback (libs/ordering) reports its points to it through CALLBACK_FAULTS.
 */
@Injectable()
export class FaultInjector implements CallbackFaults {
  private readonly logger = new Logger('FaultInjection');
  private readonly armed?: FaultPoint;

  constructor(@Inject(KIOS_CONFIG) config: KiosConfig) {
    if (config.faultInjection === undefined) return;
    if (config.production) {
      this.logger.warn(`KIOS_FAULT_INJECTION=${config.faultInjection} is ignored: NODE_ENV is production`);
      return;
    }
    this.armed = config.faultInjection;
    this.logger.warn(`armed: the process kills itself with SIGKILL at ${this.armed}`);
  }

  reached(point: FaultPoint): void {
    if (point !== this.armed) return;
    this.logger.warn(`${point}: killing the process with SIGKILL`);
    process.kill(process.pid, 'SIGKILL');
  }
}
