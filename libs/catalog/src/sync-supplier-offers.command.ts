import { Command } from '@nestjs/cqrs';
import type { SupplierPriceList, SupplierSyncResult } from './supplier-sync';

/**
 * Hold the catalog's offers against a supplier's price list (syncSupplierOffers): `kios-cli
 * suppliers sync` and kios's supplier sync (KIOS_SUPPLIER_SYNC_INTERVAL) both issue it.
 */
export class SyncSupplierOffers extends Command<SupplierSyncResult> {
  constructor(
    readonly priceList: SupplierPriceList,
    /** Who asked: correlation and causation id of every event. */
    readonly options: { correlationId: string },
  ) {
    super();
  }
}
