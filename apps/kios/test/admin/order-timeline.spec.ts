import { FixedClock } from '@kios/dana-protocol';
import { InMemoryEventStore } from '@kios/event-store';
import { orderTimeline } from '../../src/admin/order-timeline';
import { escapeHtml, renderOrderTimelinePage } from '../../src/admin/order-timeline.page';
import { orderHistory, type OrderHistory } from '@kios/audit';
import {
  listTrafficProducts,
  writeOrderTraffic,
} from '../../../../libs/projections/test/rebuild/order-traffic';

/** Order 0 of the traffic: PENDING, then SUCCESS; DANA refuses the first callback and takes the second. */
async function pendingThenSucceeded(): Promise<OrderHistory> {
  const clock = new FixedClock(new Date('2025-01-15T03:00:00.000Z'));
  const store = new InMemoryEventStore({ clock });
  await listTrafficProducts(store, clock);
  await writeOrderTraffic(store, { orders: 1, clock });
  return (await orderHistory(store, '20250115100000000000000'))!;
}

const status = (rows: { key: string; value: string }[] | undefined) =>
  rows?.find((row) => row.key === 'status')?.value;

describe('order timeline', () => {
  it('tells the order after each event, marks what the event changed and lists the callback attempts', async () => {
    const timeline = orderTimeline(await pendingThenSucceeded());

    expect(timeline.entries.map((entry) => [entry.time, entry.type, status(entry.stateAfter)])).toEqual([
      ['2025-01-15T10:00:00.000+07:00', 'OrderPlaced', 'placed (DANA sees PENDING)'],
      ['2025-01-15T10:00:00.000+07:00', 'FulfilmentRequested', 'requested (DANA sees PENDING)'],
      ['2025-01-15T10:00:01.000+07:00', 'OrderMarkedPending', 'pending (DANA sees PENDING)'],
      ['2025-01-15T10:00:02.000+07:00', 'OrderSucceeded', 'succeeded (DANA sees SUCCESS)'],
      ['2025-01-15T10:00:03.000+07:00', 'CallbackAttempted', 'succeeded (DANA sees SUCCESS)'],
      ['2025-01-15T10:00:04.000+07:00', 'CallbackDelivered', 'succeeded (DANA sees SUCCESS)'],
    ]);
    const succeeded = timeline.entries[3].stateAfter!;
    expect(succeeded.filter((row) => row.changed).map((row) => row.key)).toEqual([
      'status',
      'serialNumber',
      'token',
      'callback',
      'modifiedAt',
    ]);
    expect(timeline.entries[4]).toMatchObject({
      tone: 'callback-refused',
      callbackReason: 'DANA answered HTTP 503',
    });
    expect(timeline.callbacks).toEqual([
      {
        time: '2025-01-15T10:00:03.000+07:00',
        attempt: '1',
        outcome: 'not accepted',
        detail: 'DANA answered HTTP 503; next attempt at 2025-01-15T10:00:33+07:00',
      },
      {
        time: '2025-01-15T10:00:04.000+07:00',
        attempt: '2',
        outcome: 'delivered',
        detail: 'DANA accepted it',
      },
    ]);
    expect(status(timeline.current)).toBe('succeeded (DANA sees SUCCESS)');
  });

  it('renders every recorded text escaped, so event data cannot put markup or script on the page', async () => {
    const history = await pendingThenSucceeded();
    const hostile = '<img src=x onerror="alert(1)"> & \'quoted\'';
    const tampered: OrderHistory = {
      ...history,
      events: history.events.map((event) =>
        event.type === 'CallbackAttempted' ? { ...event, data: { ...event.data, reason: hostile } } : event,
      ),
    };

    const page = renderOrderTimelinePage(orderTimeline(tampered));

    expect(page).not.toContain('<img');
    expect(page).toContain(`<span class="reason">${escapeHtml(hostile)}</span>`);
    expect(escapeHtml(hostile)).toBe('&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &#39;quoted&#39;');
    expect(page).not.toMatch(/<script|javascript:|https?:\/\//i);
    expect(
      [...page.matchAll(/<li class="event [^"]*" id="event-\d+" data-type="(\w+)"/g)].map((m) => m[1]),
    ).toEqual(history.events.map((event) => event.type));
  });

  it('labels what each event states as a person reads it, with money in rupiah to the sen', async () => {
    const timeline = orderTimeline(await pendingThenSucceeded());
    const placed = timeline.entries.find((entry) => entry.type === 'OrderPlaced')!;
    const succeeded = timeline.entries.find((entry) => entry.type === 'OrderSucceeded')!;

    expect(placed.facts.find((fact) => fact.key === 'price')).toEqual({
      key: 'price',
      label: "DANA's price",
      value: 'Rp 10.250,00',
    });
    expect(placed.facts.find((fact) => fact.key === 'destination.primaryParam')?.label).toBe('Destination');
    expect(succeeded.facts.find((fact) => fact.key === 'serialNumber')?.label).toBe('Serial number');
    expect(timeline.current.find((row) => row.key === 'price')).toMatchObject({
      label: "DANA's price",
      value: 'Rp 10.250,00',
    });

    const page = renderOrderTimelinePage(timeline);
    const labels = [...page.matchAll(/<dt title="([^"]*)">([^<]*)<\/dt>/g)].map(([, key, label]) => ({
      key,
      label,
    }));
    expect(labels.length).toBeGreaterThan(20);
    // No label on the page is a raw property path: the path is only the label's title.
    expect(labels.filter(({ label }) => /^[a-z]+[A-Z.]|\./.test(label))).toEqual([]);
    expect(labels).toContainEqual({ key: 'destination.primaryParam', label: 'Destination' });
    expect(labels).toContainEqual({ key: 'price', label: escapeHtml("DANA's price") });
    expect(page).toContain('<dd>Rp 10.250,00</dd>');
    expect(page).not.toContain('minor units');
  });
});
