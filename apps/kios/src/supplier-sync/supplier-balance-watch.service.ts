import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { SUPPLIER_ACCOUNT, type SupplierAccount } from '@kios/fulfillment';
import { BackgroundLoop } from '../background/background-loop';
import { KIOS_CONFIG, type KiosConfig } from '../config/kios-config';
import { SupplierBalance } from '../observability/health/supplier-balance';

/**
 * Reads the deposit left at the supplier (Digiflazz cek-saldo) every KIOS_SUPPLIER_SYNC_INTERVAL,
 * on a loop of its own so that the price list's rate limit never delays it, and hands it to
 * SupplierBalance (the gauge, /ready, the OPERATOR ALERT on a crossing).
 */
@Injectable()
export class SupplierBalanceWatch implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('SupplierBalance');
  private readonly loop = new BackgroundLoop(() => this.readAndWait());

  constructor(
    @Inject(SUPPLIER_ACCOUNT) private readonly account: SupplierAccount | null,
    private readonly balance: SupplierBalance,
    @Inject(KIOS_CONFIG) private readonly config: KiosConfig,
  ) {}

  /** In the process that answers /ready (not a worker), where the reading is shown. */
  onApplicationBootstrap(): void {
    if (this.config.role === 'worker') return;
    if (this.account && this.config.supplierSyncInterval !== undefined) this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  private async readAndWait(): Promise<number> {
    const account = this.account!;
    try {
      this.balance.record(account.supplier, await account.balance());
    } catch (error) {
      this.logger.warn(`${account.supplier} deposit not read, will try again: ${(error as Error).message}`);
    }
    return this.config.supplierSyncInterval!;
  }
}
