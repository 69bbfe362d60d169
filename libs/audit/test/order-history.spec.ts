import { FixedClock, parseDanaTime } from '@kios/dana-protocol';
import { HashChainedEventStore, InMemoryEventStore } from '@kios/event-store';
import { parseAuditTime } from '../src/audit-time';
import { formatHistory, historyDocument } from '../src/history-format';
import { orderHistory, type OrderHistory } from '../src/order-history';
import { orderStateAt } from '../src/order-state-at';
import { formatOrderStateAt, orderStateDocument } from '../src/order-state-format';
import { INQUIRY_ID, REQUEST_ID, STORY_TYPES, TIMES, writeOrderStory } from '@kios/testing';
import { inquiryRecorded } from '../../ordering/test/inquiry/inquiry.builders';
import { orderPlaced } from '../../ordering/test/order/order.builders';

describe('order history for auditors', () => {
  let store: HashChainedEventStore;
  let clock: FixedClock;
  let history: OrderHistory;
  beforeEach(async () => {
    clock = new FixedClock(new Date(0));
    store = new HashChainedEventStore(new InMemoryEventStore({ clock }));
    await writeOrderStory(store, clock);
    history = (await orderHistory(store, REQUEST_ID))!;
  });
  afterEach(() => store.close());

  const at = (text: string) => orderStateAt(history, parseAuditTime(text)!);

  describe('orderHistory', () => {
    it('merges the order’s and its inquiry’s events in the order they were recorded', () => {
      expect(history.streams).toEqual([`order-${REQUEST_ID}`, `inquiry-${INQUIRY_ID}`]);
      expect(history.events.map((event) => event.type)).toEqual(STORY_TYPES);
    });

    it('leaves out events of other streams', async () => {
      await store.append('order-someone-else', [{ type: 'OrderPlaced', data: {} }], 'no_stream');

      expect((await orderHistory(store, REQUEST_ID))!.events).toHaveLength(STORY_TYPES.length);
    });

    it('refuses a history with an event it cannot read, naming the event and why', async () => {
      await store.append(
        `inquiry-${INQUIRY_ID}`,
        [{ type: 'InquiryConsumed', data: { inquiryId: INQUIRY_ID, consumedAt: 'yesterday' } }],
        'any',
      );

      await expect(orderHistory(store, REQUEST_ID)).rejects.toThrow(
        new RegExp(
          `^unreadable event InquiryConsumed at inquiry-${INQUIRY_ID}@\\d+: data.requestId is missing$`,
        ),
      );
    });

    it('names the inquiry of a bill order and counts its events', () => {
      expect(history.inquiry).toEqual({ inquiryId: INQUIRY_ID, stream: `inquiry-${INQUIRY_ID}`, events: 2 });
      expect(historyDocument(history).inquiry).toEqual(history.inquiry);
    });

    it('finds the inquiry of a telco order that named one, and shows its events', async () => {
      await store.append(
        'inquiry-INQ-TELCO',
        [
          inquiryRecorded({
            inquiryId: 'INQ-TELCO',
            productId: 'TSEL-10K',
            destination: { primaryParam: '081234567890' },
          }),
        ],
        'no_stream',
      );
      await store.append(
        'order-REQ-TELCO',
        [orderPlaced({ requestId: 'REQ-TELCO', inquiryId: 'INQ-TELCO' })].map(({ type, data }) => ({
          type,
          data,
        })),
        'no_stream',
      );

      const telco = (await orderHistory(store, 'REQ-TELCO'))!;
      expect(telco.streams).toEqual(['order-REQ-TELCO', 'inquiry-INQ-TELCO']);
      expect(telco.events.map((event) => event.type)).toEqual(['InquiryRecorded', 'OrderPlaced']);
      expect(formatHistory(telco)[1]).toBe('inquiry INQ-TELCO: 1 event in inquiry-INQ-TELCO');
    });

    it('says plainly when the order named no inquiry, and when kios recorded none under the id it named', async () => {
      await store.append(
        'order-REQ-PLAIN',
        [{ type: 'OrderPlaced', data: orderPlaced({ requestId: 'REQ-PLAIN' }).data }],
        'no_stream',
      );
      await store.append(
        'order-REQ-UNKNOWN',
        [
          {
            type: 'OrderPlaced',
            data: orderPlaced({ requestId: 'REQ-UNKNOWN', inquiryId: 'INQ-NEVER' }).data,
          },
        ],
        'no_stream',
      );

      const plain = (await orderHistory(store, 'REQ-PLAIN'))!;
      expect(plain.inquiry).toBeUndefined();
      expect(formatHistory(plain)[1]).toBe('no inquiry: DANA named no inquiryId when it placed the order');
      expect(historyDocument(plain).inquiry).toBeNull();

      const unknown = (await orderHistory(store, 'REQ-UNKNOWN'))!;
      expect(unknown.streams).toEqual(['order-REQ-UNKNOWN']);
      expect(unknown.inquiry).toEqual({ inquiryId: 'INQ-NEVER', stream: 'inquiry-INQ-NEVER', events: 0 });
      expect(formatHistory(unknown)[1]).toBe(
        'inquiry INQ-NEVER: named by the order, but kios recorded no inquiry under that id',
      );
    });

    it('knows no order for an unknown requestId', async () => {
      expect(await orderHistory(store, 'no-such-request')).toBeUndefined();
    });
  });

  describe('orderStateAt', () => {
    it('is pending from OrderMarkedPending until OrderSucceeded', () => {
      expect(at(TIMES.pending).state.status).toBe('pending');
      expect(at('2025-01-15T10:06:39+07:00').state.status).toBe('pending');
      expect(at(TIMES.succeeded).state.status).toBe('succeeded');
    });

    it('counts an event recorded within the named second, as history prints it', async () => {
      clock.set(new Date(parseDanaTime('2025-01-15T10:07:00+07:00')!.getTime() + 400));
      await store.append(
        `order-${REQUEST_ID}`,
        [
          {
            type: 'CallbackAbandoned',
            data: { requestId: REQUEST_ID, reason: 'x', abandonedAt: '2025-01-15T03:07:00.400Z' },
          },
        ],
        'any',
      );
      const later = (await orderHistory(store, REQUEST_ID))!;

      expect(orderStateAt(later, parseAuditTime('2025-01-15T10:07:00+07:00')!).eventsApplied).toBe(6);
      expect(orderStateAt(later, parseAuditTime('2025-01-15T10:06:59+07:00')!).eventsApplied).toBe(5);
    });

    it('has no order before its first event', () => {
      const before = at('2025-01-15T10:06:09+07:00');

      expect(before.state).toEqual({ status: 'none' });
      expect(formatOrderStateAt(before)).toEqual([
        `order ${REQUEST_ID} did not exist yet at 2025-01-15T10:06:09+07:00 (GMT+7); ` +
          'its first event was recorded at 2025-01-15T10:06:10+07:00',
      ]);
      expect(orderStateDocument(before).state).toBeNull();
    });
  });

  describe('formats', () => {
    it('aligns the event lines: time, type, stream and revision, correlation, causation', () => {
      const [header, inquiryLine, ...eventLines] = formatHistory(history).filter(
        (line) => !line.startsWith(' '),
      );
      const columnOf = (pattern: RegExp) => new Set(eventLines.map((line) => line.search(pattern)));

      expect(eventLines).toHaveLength(STORY_TYPES.length);
      // The time is 29 characters (GMT+7 to the millisecond), then two spaces.
      expect(columnOf(/[A-Z][a-zA-Z]+ /)).toEqual(new Set([31]));
      expect(eventLines[0].slice(0, 29)).toBe(TIMES.inquiry.replace('+07:00', '.000+07:00'));
      expect(columnOf(/(order|inquiry)-/).size).toBe(1);
      expect(columnOf(/correlation=/).size).toBe(1);
      expect(header).toBe(
        `order ${REQUEST_ID}: 7 events in order-${REQUEST_ID}, inquiry-${INQUIRY_ID} (times GMT+7)`,
      );
      expect(inquiryLine).toBe(`inquiry ${INQUIRY_ID}: 2 events in inquiry-${INQUIRY_ID}`);
    });

    it('wraps the facts under each event to at most 110 columns', () => {
      const factLines = formatHistory(history).filter((line) => line.startsWith('    '));

      expect(factLines.length).toBeGreaterThan(STORY_TYPES.length);
      expect(factLines.every((line) => line.length <= 110)).toBe(true);
    });

    it('gives machines revisions and positions as strings and times in GMT+7', () => {
      const [first] = historyDocument(history).events;

      expect(first).toMatchObject({
        recordedAt: TIMES.inquiry.replace('+07:00', '.000+07:00'),
        revision: '0',
        type: 'InquiryRecorded',
      });
      expect(() => JSON.stringify(historyDocument(history))).not.toThrow();
    });

    it('gives machines the state with money as minor-unit strings', () => {
      const document = orderStateDocument(at(TIMES.pending));

      expect(document.state).toMatchObject({
        status: 'pending',
        danaStatus: 'PENDING',
        price: { minor: '24800000', currency: 'IDR' },
        createdAt: TIMES.placed,
        modifiedAt: TIMES.pending,
      });
      expect(Object.keys(document.state!).slice(0, 2)).toEqual(['status', 'danaStatus']);
    });
  });
});
