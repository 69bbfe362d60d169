import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '@kios/dana-protocol';
import { EVENT_STORE, type EventStore } from '@kios/event-store';
import { SyncSupplierOffers } from './sync-supplier-offers.command';
import { type SupplierSyncResult, syncSupplierOffers } from './supplier-sync';

/** Appends what a supplier's price list changes of the products' availability (syncSupplierOffers). */
@CommandHandler(SyncSupplierOffers)
export class SyncSupplierOffersHandler implements ICommandHandler<SyncSupplierOffers, SupplierSyncResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ priceList, options }: SyncSupplierOffers): Promise<SupplierSyncResult> {
    return syncSupplierOffers(this.store, priceList, {
      clock: this.clock,
      metadata: { correlationId: options.correlationId },
    });
  }
}
