import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { formatSupplierSync, SyncSupplierOffers } from '@kios/catalog';
import { type PriceListRead, SUPPLIER_ACCOUNT, type SupplierAccount } from '@kios/fulfillment';
import { BackgroundLoop } from '../background/background-loop';
import type { Processor, ProcessorStatus } from '../background/processor';
import { KIOS_CONFIG, type KiosConfig } from '../config/kios-config';

/** After a run of rate limits the sync waits at most this many intervals (and never less than one). */
const MAX_BACKOFF_INTERVALS = 16;

/** What one sync came to, for the wait before the next. */
export type SyncRun = 'synced' | 'rate_limited' | 'failed';

/**
 * The wait before the next sync: the interval, after a sync that read the list or failed otherwise
 * (a later try may well work); after a rate limit (Digiflazz rc 83) twice the wait before, from
 * twice the interval, up to MAX_BACKOFF_INTERVALS intervals (docs/digiflazz.md §7).
 */
export function waitAfter(run: SyncRun, previousWaitMs: number, intervalMs: number): number {
  if (run !== 'rate_limited') return intervalMs;
  return Math.min(Math.max(previousWaitMs, intervalMs) * 2, intervalMs * MAX_BACKOFF_INTERVALS);
}

/**
 * The supplier sync (KIOS_SUPPLIER_SYNC_INTERVAL, docs/architecture.md §3 "Supplier availability"):
 * every interval it reads the supplier's price list and issues SyncSupplierOffers, which appends what
 * changed of the offers' and the products' availability (the product status notifier tells DANA).
 * A rate limit keeps what the last list made of the products and waits longer; nothing runs without
 * a supplier account (the simulator) or an interval.
 */
@Injectable()
export class SupplierSyncService implements Processor {
  readonly name = 'supplier_sync';
  readonly kind = 'reactor';
  readonly reads = "the supplier's price list";
  private readonly logger = new Logger('SupplierSync');
  private readonly loop = new BackgroundLoop(() => this.syncAndWait());
  private waitMs = 0;

  constructor(
    @Inject(SUPPLIER_ACCOUNT) private readonly account: SupplierAccount | null,
    private readonly commands: CommandBus,
    @Inject(KIOS_CONFIG) private readonly config: KiosConfig,
  ) {}

  /** A supplier account (not the simulator) and KIOS_SUPPLIER_SYNC_INTERVAL: kios runs it only then (see BackgroundModule). */
  get configured(): boolean {
    return this.account !== null && this.config.supplierSyncInterval !== undefined;
  }

  async start(): Promise<void> {
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  wakeUp(): void {
    this.loop.wakeUp();
  }

  /** Its work is the supplier's list, read every interval: nothing waits for it in a read model. */
  async status(): Promise<ProcessorStatus> {
    return {};
  }

  private async syncAndWait(): Promise<number> {
    const intervalMs = this.config.supplierSyncInterval!;
    this.waitMs = waitAfter(await this.syncOnce(), this.waitMs, intervalMs);
    return this.waitMs;
  }

  /** One sync: read the list, append what it changes, say so in the log. */
  async syncOnce(): Promise<SyncRun> {
    const account = this.account!;
    let read: PriceListRead;
    try {
      read = await account.readPriceList();
    } catch (error) {
      this.logger.warn(
        `${account.supplier} price list not read, will try again: ${(error as Error).message}`,
      );
      return 'failed';
    }
    if (read.status === 'rate_limited') {
      const nextMs = waitAfter('rate_limited', this.waitMs, this.config.supplierSyncInterval ?? 0);
      this.logger.warn(
        `${account.supplier} says its price list is asked too often (${read.reason}); ` +
          `the products keep what the last list made of them; next sync in ${Math.round(nextMs / 1000)} s`,
      );
      return 'rate_limited';
    }
    try {
      const result = await this.commands.execute(
        new SyncSupplierOffers(read.priceList, { correlationId: `supplier-sync-${randomUUID()}` }),
      );
      const lines = formatSupplierSync(result);
      if (result.changes.length > 0) this.logger.log(lines.join('\n'));
      else this.logger.debug(lines.at(-1)!);
      return 'synced';
    } catch (error) {
      this.logger.error(`${account.supplier} price list read but not applied: ${(error as Error).message}`);
      return 'failed';
    }
  }
}
