import { join } from 'node:path';
import { SqliteEventStore } from '@kios/event-store';
import { readPurchaseLog, supplierReferenceFor } from '@kios/fulfillment';
import { orderStream } from '@kios/ordering';

/**
 * What a kios process left in its data folder, read the way an auditor would: the SQLite event
 * store (opened beside the running process; WAL lets both read) and the simulator's purchase log.
 */
export class KiosData {
  constructor(private readonly dataDir: string) {}

  /** The types of the events of order `requestId`, oldest first. */
  async orderEventTypes(requestId: string): Promise<string[]> {
    const store = SqliteEventStore.open(join(this.dataDir, 'events.db'));
    try {
      return (await store.readStream(orderStream(requestId))).map((event) => event.type);
    } finally {
      await store.close();
    }
  }

  /** The same without the Order Complete Callback's attempts, which run on their own schedule. */
  async orderEventTypesWithoutCallbacks(requestId: string): Promise<string[]> {
    return (await this.orderEventTypes(requestId)).filter((type) => !type.startsWith('Callback'));
  }

  /** How often the simulated supplier was asked to buy for `requestId`: new purchases and repeats. */
  supplierPurchaseCalls(requestId: string): { purchased: number; repeated: number } {
    const supplierRef = supplierReferenceFor(requestId);
    const calls = readPurchaseLog(join(this.dataDir, 'simulator-purchases.jsonl')).filter(
      (entry) => entry.supplierRef === supplierRef,
    );
    return {
      purchased: calls.filter((entry) => entry.type === 'purchased').length,
      repeated: calls.filter((entry) => entry.type === 'repeated').length,
    };
  }
}
