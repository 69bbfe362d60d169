import { orderHistory } from '@kios/audit';
import { FixedClock, idr } from '@kios/dana-protocol';
import { checkDestination } from '@kios/fulfillment';
import { InMemoryEventStore } from '@kios/event-store';
import { telkomselCredit, writeOrderCommands } from '@kios/testing';
import { orderTimeline } from '../../src/admin/order-timeline';

const PLACED = new Date('2025-01-15T03:00:00.000Z');
const destination = { primaryParam: '081234567890' };
const route = [
  { supplier: 'iak', sku: 'HTELKOMSEL10000' },
  { supplier: 'digiflazz', sku: 'TSEL10' },
];

describe('order timeline of a routed order', () => {
  it('shows the route: each attempt with its supplier, sku and reference, why one failed, and the cost of the success', async () => {
    const clock = new FixedClock(PLACED);
    const store = new InMemoryEventStore({ clock });
    await writeOrderCommands(store, clock, 'REQ-ROUTED', [
      {
        type: 'PlaceOrder',
        data: {
          requestId: 'REQ-ROUTED',
          orderId: 'ORD-1',
          productId: telkomselCredit.productId,
          product: { status: 'listed', product: telkomselCredit },
          destination,
          destinationCheck: checkDestination(telkomselCredit, destination),
          danaSellingPrice: telkomselCredit.price,
          route,
          now: PLACED,
        },
      },
      {
        type: 'RecordOutcome',
        data: {
          requestId: 'REQ-ROUTED',
          outcome: { status: 'failed', reason: 'IAK rc 102' },
          route,
          now: PLACED,
        },
      },
      {
        type: 'RecordOutcome',
        data: {
          requestId: 'REQ-ROUTED',
          outcome: { status: 'succeeded', serialNumber: 'SN-1', cost: idr(1_009_000) },
          now: PLACED,
        },
      },
    ]);

    const timeline = orderTimeline((await orderHistory(store, 'REQ-ROUTED'))!);
    const facts = (type: string, index = 0) =>
      Object.fromEntries(
        timeline.entries
          .filter((entry) => entry.type === type)
          [index].facts.map((fact) => [fact.key, fact.value]),
      );

    expect(timeline.entries.map((entry) => [entry.type, entry.tone])).toEqual([
      ['OrderPlaced', 'fact'],
      ['FulfilmentRequested', 'fact'],
      ['FulfilmentAttemptFailed', 'warning'],
      ['FulfilmentRequested', 'fact'],
      ['OrderSucceeded', 'success'],
    ]);
    expect(facts('FulfilmentRequested', 0)).toMatchObject({ supplier: 'iak', sku: 'HTELKOMSEL10000' });
    expect(facts('FulfilmentAttemptFailed')).toMatchObject({
      supplier: 'iak',
      reason: '"IAK rc 102"',
      nothingSent: 'false',
    });
    expect(facts('FulfilmentRequested', 1)).toMatchObject({ attempt: '2', supplier: 'digiflazz' });
    expect(facts('OrderSucceeded')).toMatchObject({
      supplier: 'digiflazz',
      cost: 'Rp 10.090,00',
    });
  });
});
