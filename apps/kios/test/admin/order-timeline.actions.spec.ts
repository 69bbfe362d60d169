import { orderHistory } from '@kios/audit';
import { FixedClock } from '@kios/dana-protocol';
import { InMemoryEventStore } from '@kios/event-store';
import type { OrderCommand } from '@kios/ordering';
import { pendingOrderCommands, telkomselCredit, writeOrderCommands } from '@kios/testing';
import { orderTimeline } from '../../src/admin/order-timeline';
import { renderOrderTimelinePage, type TimelineViewer } from '../../src/admin/order-timeline.page';

const NOW = new Date('2026-12-05T02:00:00.000Z');
const ADMIN: TimelineViewer = { name: 'budi', role: 'admin', csrf: 'csrf-of-budi' };

/** The timeline page of an order after `more` (after it was answered PENDING), as `viewer` sees it. */
async function page(more: OrderCommand[], viewer?: TimelineViewer): Promise<string> {
  const clock = new FixedClock(NOW);
  const store = new InMemoryEventStore({ clock });
  const requestId = 'REQ-ACTIONS';
  const destination = { primaryParam: '081234567890' };
  await writeOrderCommands(store, clock, requestId, [
    ...pendingOrderCommands({ requestId, orderId: 'ORD-1', product: telkomselCredit, destination, now: NOW }),
    ...more,
  ]);
  return renderOrderTimelinePage(orderTimeline((await orderHistory(store, requestId))!), '', viewer);
}

const succeeded: OrderCommand = {
  type: 'RecordOutcome',
  data: { requestId: 'REQ-ACTIONS', outcome: { status: 'succeeded', serialNumber: 'SN-1' }, now: NOW },
};
const abandoned: OrderCommand = {
  type: 'AbandonCallback',
  data: { requestId: 'REQ-ACTIONS', reason: 'DANA answered F', now: NOW },
};

describe('the timeline page’s action forms', () => {
  it('offers an admin the settle form while the order is in flight, with the session’s CSRF token', async () => {
    const html = await page([], ADMIN);
    expect(html).toContain('<form class="action" method="post" action="/admin/orders/REQ-ACTIONS/settle">');
    expect(html).toContain('<input type="hidden" name="_csrf" value="csrf-of-budi">');
    expect(html).not.toContain('/callback/retry');
  });

  it('offers an admin the callback retry once the callback is abandoned, and no settle for a final order', async () => {
    const html = await page([succeeded, abandoned], ADMIN);
    expect(html).toContain('action="/admin/orders/REQ-ACTIONS/callback/retry"');
    expect(html).not.toContain('/settle"');
    expect(await page([succeeded], ADMIN)).not.toContain('<form class="action"');
  });

  it('offers an auditor, or the bearer token (no session to post with), no action', async () => {
    expect(
      await page([succeeded, abandoned], { name: 'siti', role: 'auditor', csrf: 'csrf-of-siti' }),
    ).not.toContain('<form class="action"');
    const asToken = await page([succeeded, abandoned], { name: 'token', role: 'admin' });
    expect(asToken).not.toContain('<form');
  });
});
