/** What the catalog import specs share: a fixed clock, import options, a three-product catalog, the store's events. */
import { FixedClock, idr } from '@kios/dana-protocol';
import { type EventStore, type RecordedEvent } from '@kios/event-store';
import { type ImportCatalogOptions } from '../src/catalog-import';
import { aProduct, mobileLegendsDiamonds as mlbb86, telkomselCredit as tsel10 } from '@kios/testing';

export const clock = new FixedClock(new Date('2025-01-15T03:00:00.000Z'));
export const options: ImportCatalogOptions = { clock, metadata: { correlationId: 'import-1' } };

export const tsel20 = aProduct({
  productId: 'TSEL-20K',
  name: 'Telkomsel Pulsa 20.000',
  price: idr(2_025_000),
});
export const catalog = [tsel10, tsel20, mlbb86];

export async function allEvents(store: EventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of store.readAll()) events.push(event);
  return events;
}
