import { join } from 'node:path';
import { SqliteEventStore, type RecordedEvent } from '@kios/event-store';
import { readPurchaseLog, supplierReferenceFor } from '@kios/fulfillment';
import { orderStream } from '@kios/ordering';

/**
 * What a kios process left in its data folder, read the way an auditor would: the SQLite event
 * store (opened beside the running process; WAL lets both read) and the simulator's purchase log.
 */
export class KiosData {
  constructor(private readonly dataDir: string) {}

  /** The events of `stream` (an order's, an inquiry's), oldest first. */
  async streamEvents(stream: string): Promise<RecordedEvent[]> {
    const store = SqliteEventStore.open(join(this.dataDir, 'events.db'));
    try {
      return await store.readStream(stream);
    } finally {
      await store.close();
    }
  }

  /** The types of the events of order `requestId`, oldest first. */
  async orderEventTypes(requestId: string): Promise<string[]> {
    return (await this.streamEvents(orderStream(requestId))).map((event) => event.type);
  }

  /** The `cost` (minor units, as text) order `requestId`'s OrderSucceeded recorded; undefined without one. */
  async succeededCost(requestId: string): Promise<unknown> {
    const events = await this.streamEvents(orderStream(requestId));
    return (events.find((event) => event.type === 'OrderSucceeded')?.data as { cost?: unknown } | undefined)
      ?.cost;
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
