import { FixedClock } from '@kios/dana-protocol';
import { InMemoryEventStore } from '@kios/event-store';
import { orderHistory, type OrderHistory } from '@kios/audit';
import { orderTimeline } from '../../src/admin/order-timeline';
import { renderOrderTimelinePage } from '../../src/admin/order-timeline.page';
import { inquiryRecorded } from '../../../../libs/ordering/test/inquiry/inquiry.builders';
import {
  fulfilmentRequested,
  orderPlaced,
  orderSucceeded,
} from '../../../../libs/ordering/test/order/order.builders';

const TELCO_NUMBER = { primaryParam: '081234567890' };

/** A telco order sold at once; DANA named `inquiryId` in extendInfo, and kios answered that inquiry when `inquired`. */
async function telcoOrder(inquiryId: string | undefined, inquired: boolean): Promise<OrderHistory> {
  const store = new InMemoryEventStore({ clock: new FixedClock(new Date('2025-01-15T03:05:00.000Z')) });
  if (inquiryId !== undefined && inquired) {
    await store.append(
      `inquiry-${inquiryId}`,
      [
        {
          type: 'InquiryRecorded',
          data: inquiryRecorded({ inquiryId, productId: 'TSEL-10K', destination: TELCO_NUMBER }).data,
        },
      ],
      'no_stream',
    );
  }
  const events = [
    orderPlaced({ requestId: 'REQ-T', ...(inquiryId === undefined ? {} : { inquiryId }) }),
    fulfilmentRequested({ requestId: 'REQ-T' }),
    orderSucceeded({ requestId: 'REQ-T' }),
  ];
  await store.append(
    'order-REQ-T',
    events.map(({ type, data }) => ({ type, data })),
    'no_stream',
  );
  return (await orderHistory(store, 'REQ-T'))!;
}

describe('order timeline: the inquiry', () => {
  it("shows a telco order's inquiry and links its events on the timeline", async () => {
    const timeline = orderTimeline(await telcoOrder('INQ-TELCO-1', true));

    expect(timeline.inquiry).toEqual({
      summary: 'inquiry INQ-TELCO-1: 1 event in inquiry-INQ-TELCO-1',
      entries: [0],
    });
    expect(timeline.entries[0]).toMatchObject({ type: 'InquiryRecorded', place: 'inquiry-INQ-TELCO-1#0' });
    const page = renderOrderTimelinePage(timeline);
    expect(page).toContain('<h2>Inquiry</h2>');
    expect(page).toContain('<p class="inquiry">inquiry INQ-TELCO-1: 1 event in inquiry-INQ-TELCO-1</p>');
    expect(page).toContain('<li><a href="#event-1">InquiryRecorded</a>');
    expect(page).toMatch(/<li class="event [^"]*" id="event-1" data-type="InquiryRecorded"/);
  });

  it('says plainly that an order has no inquiry', async () => {
    const page = renderOrderTimelinePage(orderTimeline(await telcoOrder(undefined, false)));

    expect(page).toContain(
      '<p class="inquiry">no inquiry: DANA named no inquiryId when it placed the order</p>',
    );
    expect(page).not.toContain('href="#event-');
  });

  it('says so when kios recorded no inquiry under the id DANA named, escaping that id', async () => {
    const page = renderOrderTimelinePage(orderTimeline(await telcoOrder('<b>INQ</b>', false)));

    expect(page).toContain(
      '<p class="inquiry">inquiry &lt;b&gt;INQ&lt;/b&gt;: named by the order, but kios recorded no inquiry under that id</p>',
    );
    expect(page).not.toContain('<b>');
  });
});
