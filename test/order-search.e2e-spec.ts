// Long on purpose: finding orders end to end — /admin/orders (JSON and page) and `kios-cli orders find` against one real kios, by every filter the issue names, paged — and the inquiry an order records.
import { randomUUID } from 'node:crypto';
import { type DanaOrder, formatDanaTime } from '@kios/dana-protocol';
import { eventually } from './support/eventually';
import { KiosProcess } from './support/kios-process';
import { telcoOrderBody } from './support/order-tests';
import { runApp } from './support/run-cli';

const token = `admin-${randomUUID()}`;
const asAdmin = { authorization: `Bearer ${token}` };

/** Simulator scenarios by the last three digits: 0123 and 0456 sell at once, 0991 is refused by the supplier. */
const REGULAR = '081234560123';
const REFUSED = '081234560991';
const WITH_COUNTRY_CODE = '+6281234560456';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface ListedOrder {
  requestId: string;
  orderId: string;
  destination: string;
  status: string;
  createdAt: string;
  inquiryId: string | null;
}
interface FoundPage {
  orders: ListedOrder[];
  next: string | null;
}

describe('finding orders (/admin/orders, kios-cli orders find)', () => {
  // DANA's base URL is a closed port: no callback changes the orders these tests look at.
  const kios = new KiosProcess({
    env: { KIOS_ADMIN_TOKEN: token, KIOS_DANA_BASE_URL: 'http://127.0.0.1:9' },
    // Two processes (API and worker) starting on a shared, busy machine.
    startTimeoutMs: 60_000,
  });
  beforeAll(() => kios.start(), 90_000);
  afterAll(() => kios.kill());
  /** Orders in the order they were created. */
  const first: DanaOrder[] = [];
  const second: DanaOrder[] = [];
  let between: Date;

  const get = async (query: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`http://127.0.0.1:${kios.port}/admin/orders${query}`, {
      headers: { ...asAdmin, ...headers },
    });
    return { response, text: await response.text() };
  };
  const find = async (query: string): Promise<FoundPage> => {
    const { response, text } = await get(query);
    expect({ status: response.status, text }).toMatchObject({ status: 200 });
    return JSON.parse(text) as FoundPage;
  };
  const cli = (args: string[]) => runApp('kios-cli', ['orders', 'find', ...args], kios.env());

  async function buy(destination: string): Promise<DanaOrder> {
    const reply = await kios.client().createOrder(telcoOrderBody(destination));
    expect(reply.httpStatus).toBe(200);
    return reply.envelope.response.body.order as DanaOrder;
  }

  beforeAll(async () => {
    for (const destination of [REGULAR, REGULAR, REFUSED]) first.push(await buy(destination));
    await sleep(20);
    between = new Date();
    await sleep(20);
    for (const destination of [REGULAR, WITH_COUNTRY_CODE, REGULAR, REGULAR])
      second.push(await buy(destination));
    // The worker's order_index projection has every order, each in the final status it was answered.
    await eventually(async () => {
      const { orders } = await find('?limit=500');
      expect(orders).toHaveLength(first.length + second.length);
      expect(orders.filter((order) => order.status !== 'succeeded' && order.status !== 'failed')).toEqual([]);
    }, 15_000);
  }, 60_000);

  it('finds an order by its orderId and by its requestId', async () => {
    const [target] = second;
    const byOrderId = await find(`?orderId=${encodeURIComponent(target.orderId)}`);
    expect(byOrderId.orders.map((order) => order.requestId)).toEqual([target.requestId]);
    expect(byOrderId.next).toBeNull();
    const byRequestId = await find(`?requestId=${encodeURIComponent(target.requestId)}`);
    expect(byRequestId.orders.map((order) => order.orderId)).toEqual([target.orderId]);
    await expect(find('?orderId=ORD-NOT-THERE')).resolves.toEqual({ orders: [], next: null });
  });

  it('finds the orders of a destination however it is written, masked in the list, in full on the timeline', async () => {
    const ofRegular = [...first, ...second].filter((order) => order.destinationInfo.primaryParam === REGULAR);
    const found = await find(`?destination=${encodeURIComponent('0812-3456-0123')}`);
    expect(found.orders.map((order) => order.requestId)).toEqual(
      ofRegular.map((order) => order.requestId).reverse(),
    );
    expect(new Set(found.orders.map((order) => order.destination))).toEqual(new Set(['********0123']));
    const { text: json } = await get(`?destination=${REGULAR}`);
    expect(json).not.toContain(REGULAR);

    const sentWithCountryCode = await find('?destination=081234560456');
    expect(sentWithCountryCode.orders.map((order) => order.requestId)).toEqual([second[1].requestId]);
    expect(sentWithCountryCode.orders[0].destination).toBe('**********0456');

    const timeline = await fetch(
      `http://127.0.0.1:${kios.port}/admin/orders/${found.orders[0].requestId}/timeline`,
      { headers: asAdmin },
    );
    expect(await timeline.text()).toContain(REGULAR);
  });

  it('answers a browser with a search page: the form, the masked orders, each linking to its timeline', async () => {
    const { response, text } = await get(`?destination=${REGULAR}&limit=2`, { accept: 'text/html' });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
    expect(text).toContain('<form method="get" action="/admin/orders">');
    expect(text).toContain(`<input name="destination" value="${REGULAR}"`);
    const newest = second[3];
    expect(text).toContain(`<a href="/admin/orders/${newest.requestId}/timeline">`);
    expect(text.match(/<td class="mono destination">\*{8}0123<\/td>/g)).toHaveLength(2);
    // Only what the auditor typed comes back (the form, the next page's link); the list shows no number.
    const list = /<tbody>.*<\/tbody>/s.exec(text)![0];
    expect(list).not.toContain(REGULAR);
    expect(text).toMatch(
      /<a rel="next" href="\/admin\/orders\?destination=081234560123&amp;limit=2&amp;cursor=[\w-]+">/,
    );
    expect(text).not.toMatch(/<script/i);
  });

  it('finds by status', async () => {
    const failed = await find('?status=failed');
    expect(failed.orders.map((order) => order.requestId)).toEqual([first[2].requestId]);
    const succeeded = await find('?status=succeeded&limit=500');
    expect(succeeded.orders).toHaveLength(first.length + second.length - 1);
  });

  it('finds by a time range, GMT+7 with or without an offset', async () => {
    const after = await find(`?from=${encodeURIComponent(between.toISOString())}`);
    expect(after.orders.map((order) => order.requestId)).toEqual(
      second.map((order) => order.requestId).reverse(),
    );
    const before = await find(`?to=${encodeURIComponent(between.toISOString())}`);
    expect(before.orders.map((order) => order.requestId)).toEqual(
      first.map((order) => order.requestId).reverse(),
    );
    // Whole GMT+7 days, written without an offset: every order.
    const firstDay = first[0].createdTime.slice(0, 10);
    const lastDay = second[second.length - 1].createdTime.slice(0, 10);
    const days = await find(`?from=${firstDay}&to=${lastDay}&limit=500`);
    expect(days.orders).toHaveLength(first.length + second.length);
    // A GMT+7 second, with its offset or without: from the start of that second.
    const second0 = formatDanaTime(between);
    const expected = [...first, ...second]
      .filter((order) => order.createdTime >= second0)
      .map((order) => order.requestId)
      .reverse();
    expect(expected.length).toBeGreaterThanOrEqual(second.length);
    for (const written of [second0, second0.slice(0, 19)]) {
      const fromSecond = await find(`?from=${encodeURIComponent(written)}&limit=500`);
      expect(fromSecond.orders.map((order) => order.requestId)).toEqual(expected);
    }
  });

  it('pages: two orders a page, each once, none missing, newest first', async () => {
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const page: FoundPage = await find(
        `?destination=${REGULAR}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      pages.push(page.orders.map((order) => order.requestId));
      cursor = page.next;
    } while (cursor !== null && pages.length < 10);

    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    const ofRegular = [...first, ...second].filter((order) => order.destinationInfo.primaryParam === REGULAR);
    expect(pages.flat()).toEqual(ofRegular.map((order) => order.requestId).reverse());
  });

  it('refuses a bad parameter with 400 naming it', async () => {
    const cases: Array<[query: string, named: string]> = [
      ['?status=sold', 'status'],
      ['?from=yesterday', 'from'],
      ['?to=2025-02-30', 'to'],
      ['?limit=0', 'limit'],
      ['?limit=501', 'limit'],
      ['?cursor=not-a-cursor', 'cursor'],
      ['?colour=red', 'colour'],
      ['?status=failed&status=succeeded', 'status'],
    ];
    for (const [query, named] of cases) {
      const { response, text } = await get(query);
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
      expect(JSON.parse(text).message).toMatch(new RegExp(`^${named}: `));
    }
    const anonymous = await fetch(`http://127.0.0.1:${kios.port}/admin/orders`);
    expect(anonymous.status).toBe(401);
  });

  describe('kios-cli orders find', () => {
    it('prints a table of the orders found, destinations masked, and the cursor of the next page', async () => {
      const run = await cli(['--destination', '+62 812 3456 0123', '--limit', '2']);

      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const lines = run.stdout.trimEnd().split('\n');
      expect(lines[0]).toMatch(
        /^REQUEST ID +ORDER ID +CREATED +PRODUCT +DESTINATION +PRICE +STATUS +SUPPLIER$/,
      );
      expect(lines).toHaveLength(4);
      expect(lines[1]).toContain(second[3].requestId);
      expect(lines[1]).toContain('********0123');
      expect(lines[1]).toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00/);
      expect(run.stdout).not.toContain(REGULAR);
      expect(lines[3]).toMatch(/^next page: --cursor [\w-]+$/);
    });

    it('pages with --cursor to the same orders the admin API lists, and answers the same JSON', async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 10; page += 1) {
        const run = await cli([
          '--destination',
          REGULAR,
          '--limit',
          '2',
          ...(cursor ? ['--cursor', cursor] : []),
        ]);
        expect(run.code).toBe(0);
        for (const order of [...first, ...second]) {
          if (run.stdout.includes(order.requestId)) seen.push(order.requestId);
        }
        const next = /^next page: --cursor (\S+)$/m.exec(run.stdout);
        if (!next) {
          expect(run.stdout.trimEnd().endsWith('last page')).toBe(true);
          break;
        }
        cursor = next[1];
      }
      const api = await find(`?destination=${REGULAR}&limit=500`);
      expect(seen.sort()).toEqual(api.orders.map((order) => order.requestId).sort());

      const json = await cli(['--status', 'succeeded', '--from', between.toISOString(), '--json']);
      expect(json.code).toBe(0);
      expect(JSON.parse(json.stdout)).toEqual(
        await find(`?status=succeeded&from=${encodeURIComponent(between.toISOString())}`),
      );
    });

    it('names the flag of a bad value, and exits 1', async () => {
      const run = await cli(['--status', 'sold']);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^kios-cli: --status: "sold" is not one of placed, requested, pending/);
      const limit = await cli(['--limit', '9999']);
      expect(limit.stderr).toMatch(/^kios-cli: --limit: /);
    });
  });

  describe('the inquiry an order names', () => {
    it('is recorded on a telco order and shown by history; an order without one says so', async () => {
      const dana = kios.client();
      const destinationInfo = { primaryParam: '081234560777' };
      const inquired = await dana.destinationInquiry({
        productId: 'TSEL-10K',
        destinationInfos: [destinationInfo],
      });
      const [inquiry] = inquired.envelope.response.body.inquiryResults as Array<{ inquiryId: string }>;
      expect(inquiry.inquiryId).toEqual(expect.any(String));
      const body = {
        ...telcoOrderBody(destinationInfo.primaryParam),
        extendInfo: JSON.stringify({ inquiryId: inquiry.inquiryId }),
      };
      const reply = await dana.createOrder(body);
      expect(reply.envelope.response.body.order.orderStatus.status).toBe('SUCCESS');

      const history = await runApp('kios-cli', ['history', body.requestId], kios.env());
      expect(history.code).toBe(0);
      expect(history.stdout.split('\n')[1]).toBe(
        `inquiry ${inquiry.inquiryId}: 1 event in inquiry-${inquiry.inquiryId}`,
      );
      expect(history.stdout).toMatch(/\+07:00 {2}InquiryRecorded /);
      await eventually(async () => {
        const found = await find(`?requestId=${body.requestId}`);
        expect(found.orders[0].inquiryId).toBe(inquiry.inquiryId);
      }, 10_000);

      const plain = await runApp('kios-cli', ['history', first[0].requestId], kios.env());
      expect(plain.stdout.split('\n')[1]).toBe(
        'no inquiry: DANA named no inquiryId when it placed the order',
      );
    });
  });
});
