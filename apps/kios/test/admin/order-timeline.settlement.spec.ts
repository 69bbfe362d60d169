import { orderHistory } from '@kios/audit';
import { FixedClock } from '@kios/dana-protocol';
import { InMemoryEventStore } from '@kios/event-store';
import { pendingOrderCommands, telkomselCredit, writeOrderCommands } from '@kios/testing';
import { orderTimeline } from '../../src/admin/order-timeline';

const PLACED = new Date('2025-01-15T03:00:00.000Z');
const SETTLED = new Date('2025-04-07T02:00:00.000Z');

describe('order timeline of an order an operator settled', () => {
  it('shows the settlement as a warning naming the operator and the evidence, then the order succeeded', async () => {
    const clock = new FixedClock(PLACED);
    const store = new InMemoryEventStore({ clock });
    await writeOrderCommands(store, clock, 'REQ-SETTLED', [
      ...pendingOrderCommands({
        requestId: 'REQ-SETTLED',
        orderId: 'ORD-1',
        product: telkomselCredit,
        destination: { primaryParam: '081234567890' },
        now: PLACED,
      }),
      {
        type: 'SettleByOperator',
        data: {
          requestId: 'REQ-SETTLED',
          settledBy: 'kios-cli (siti)',
          outcome: { status: 'succeeded', serialNumber: 'SN-OPS-1' },
          evidence: 'Digiflazz mutasi line 42',
          now: SETTLED,
        },
      },
    ]);

    const timeline = orderTimeline((await orderHistory(store, 'REQ-SETTLED'))!);

    const [settlement, succeeded] = timeline.entries.slice(-2);
    expect(settlement).toMatchObject({
      type: 'FulfilmentSettledByOperator',
      time: '2025-04-07T09:00:00.000+07:00',
      tone: 'warning',
      facts: [
        { key: 'settledBy', value: '"kios-cli (siti)"' },
        { key: 'decision', value: 'succeeded' },
        { key: 'evidence', value: '"Digiflazz mutasi line 42"' },
        { key: 'settledAt', value: '2025-04-07T09:00:00+07:00' },
      ],
    });
    expect(succeeded).toMatchObject({ type: 'OrderSucceeded', tone: 'success' });
    expect(timeline.current.find((row) => row.key === 'serialNumber')?.value).toBe('SN-OPS-1');
  });
});
