import { Inject, Injectable, Logger } from '@nestjs/common';
import { formatRupiah, idr, type Money } from '@kios/dana-protocol';
import { KIOS_CONFIG, type KiosConfig } from '../../config/kios-config';
import { KiosMetrics } from '../metrics/kios-metrics';

/** The last deposit read at the supplier, and whether it is below KIOS_DIGIFLAZZ_MIN_BALANCE. */
export interface BalanceReading {
  supplier: string;
  balance: Money;
  minimum?: Money;
  low: boolean;
}

/**
 * The deposit kios has left at its supplier, as the supplier sync last read it: a Prometheus gauge
 * (with the minimum beside it),
 * what /ready says of it, and an OPERATOR ALERT line when it falls below KIOS_DIGIFLAZZ_MIN_BALANCE —
 * once per crossing, not on every reading, and once more after it recovered and fell again.
 */
@Injectable()
export class SupplierBalance {
  private readonly logger = new Logger('SupplierBalance');
  private readonly minimum?: Money;
  private last?: BalanceReading;

  constructor(
    private readonly metrics: KiosMetrics,
    @Inject(KIOS_CONFIG) config: KiosConfig,
  ) {
    if (config.digiflazzMinBalance !== undefined) this.minimum = idr(config.digiflazzMinBalance);
  }

  record(supplier: string, balance: Money): BalanceReading {
    const low = this.minimum !== undefined && balance.minor < this.minimum.minor;
    const wasLow = this.last?.low ?? false;
    this.last = { supplier, balance, low, ...(this.minimum ? { minimum: this.minimum } : {}) };
    this.metrics.supplierBalance.set({ supplier }, Number(balance.minor));
    if (this.minimum) this.metrics.supplierMinBalance.set({ supplier }, Number(this.minimum.minor));
    if (low && !wasLow) {
      this.logger.error(
        `OPERATOR ALERT: the ${supplier} deposit is ${formatRupiah(balance)}, below KIOS_DIGIFLAZZ_MIN_BALANCE ` +
          `${formatRupiah(this.minimum!)}; top it up before purchases are refused (Digiflazz rc 44)`,
      );
    } else if (!low && wasLow) {
      this.logger.log(
        `the ${supplier} deposit is ${formatRupiah(balance)} again, not below ${formatRupiah(this.minimum!)}`,
      );
    }
    return this.last;
  }

  /** Undefined until the first reading (no supplier account, no sync interval, or not read yet). */
  get reading(): BalanceReading | undefined {
    return this.last;
  }
}
