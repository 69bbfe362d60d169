// Long on purpose: the order_index contract — what a row holds after each story of an order, every search filter, both ways of paging, and the rebuild — written once for SQLite and PostgreSQL.
import { FixedClock } from '@kios/dana-protocol';
import { InMemoryEventStore } from '@kios/event-store';
import { orderStream, type OrderEvent } from '@kios/ordering';
import type { DataSource, EntityManager } from 'typeorm';
import {
  fulfilmentInDoubt,
  fulfilmentRequested,
  orderFailed,
  orderMarkedPending,
  orderPlaced,
  orderSucceeded,
  REQUEST_ID,
  SUPPLIER_REF,
} from '../../ordering/test/order/order.builders';
import { orderIndexProjection } from '../src/order-index/order-index.projection';
import { InvalidOrderSearch, OrderIndexReadModel } from '../src/order-index/order-index.read-model';
import type { OrderIndexRow } from '../src/order-index/order-index.row';
import { ProjectionRunner } from '../src/projection-runner';
import { openReadModel } from '../src/read-model-schema';
import { readModelTransaction } from '../src/read-model-transaction';
import { rebuildProjections } from '../src/rebuild/rebuild-projections';
import { postgresTarget, type ReadModelTarget, sqliteTarget } from './read-model.targets';

const T0 = new Date('2025-01-15T03:06:10.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000).toISOString();
const quietLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** An order of `requestId` placed `minutes` after T0, to `phone`, and what happened to it next. */
type OrderStory = {
  requestId: string;
  minutes: number;
  phone?: string;
  then?: 'succeeded' | 'failed' | 'pending';
};

/** The events of such an order: placed, sent to the simulator, and its outcome. */
function storyEvents({
  requestId,
  minutes,
  phone = '081234567890',
  then = 'succeeded',
}: OrderStory): OrderEvent[] {
  const ids = { requestId };
  const events: OrderEvent[] = [
    orderPlaced({
      ...ids,
      orderId: `ORD-${requestId}`,
      destination: { primaryParam: phone },
      placedAt: at(minutes),
    }),
    fulfilmentRequested({ ...ids, supplierRef: `KIOS-${requestId}`, requestedAt: at(minutes) }),
  ];
  if (then === 'succeeded') events.push(orderSucceeded({ ...ids, succeededAt: at(minutes) }));
  if (then === 'failed') events.push(orderFailed({ ...ids, failedAt: at(minutes) }));
  if (then === 'pending') events.push(orderMarkedPending({ ...ids, markedPendingAt: at(minutes) }));
  return events;
}

function orderIndexSpec(target: ReadModelTarget): void {
  describe(`the order_index projection on ${target.name}`, () => {
    let store: InMemoryEventStore;
    let dataSource: DataSource;
    let url: string;
    let dispose: () => Promise<void>;
    let orders: OrderIndexReadModel;

    beforeEach(async () => {
      store = new InMemoryEventStore({ clock: new FixedClock(T0) });
      const database = target.create();
      url = database.url;
      dispose = database.dispose;
      dataSource = await openReadModel(url, [orderIndexProjection]);
      orders = new OrderIndexReadModel(dataSource);
    });

    afterEach(async () => {
      await store.close();
      await dataSource.destroy();
      await dispose();
    });

    async function record(requestId: string, events: OrderEvent[]) {
      await store.append(
        orderStream(requestId),
        events.map((event) => ({ type: event.type, data: event.data, metadata: { correlationId: 'test' } })),
        'any',
      );
    }

    async function project() {
      const runner = new ProjectionRunner(store, dataSource, orderIndexProjection, { logger: quietLogger });
      await runner.start();
      await runner.waitUntilCaughtUp(5_000);
      await runner.stop();
    }

    async function recordStories(stories: OrderStory[]) {
      for (const story of stories) await record(story.requestId, storyEvents(story));
      await project();
    }

    /** Every page of a search, following `next`, as requestIds per page. */
    async function allPages(filter: Parameters<OrderIndexReadModel['find']>[0], limit: number) {
      const pages: string[][] = [];
      let cursor: string | undefined;
      do {
        const page = await orders.find(filter, { limit, ...(cursor ? { cursor } : {}) });
        pages.push(page.rows.map((row) => row.requestId));
        cursor = page.next;
      } while (cursor !== undefined && pages.length < 20);
      return pages;
    }

    describe('a row', () => {
      it('holds an order sold at once: product, destination as sent, price, supplier reference, times', async () => {
        await record(REQUEST_ID, [orderPlaced(), fulfilmentRequested(), orderSucceeded()]);
        await project();
        const [row] = (await orders.find({ requestId: REQUEST_ID })).rows;
        expect({ ...row }).toEqual({
          requestId: REQUEST_ID,
          orderId: 'ORD-7781002',
          productId: 'TSEL-10K',
          productName: expect.any(String),
          productModule: 'telco',
          destination: { primaryParam: '+6281234567890' },
          destinationKey: '081234567890',
          priceMinor: '1025000',
          status: 'succeeded',
          inquiryId: null,
          supplier: null,
          supplierRef: SUPPLIER_REF,
          supplierCostMinor: null,
          createdAt: '2025-01-15T03:06:10.000Z',
          settledAt: '2025-01-15T03:06:40.000Z',
          modifiedAt: '2025-01-15T03:06:40.000Z',
          revision: 2n,
        });
      });

      it('names the supplier of the attempt that sold, its reference and its cost, after a failover', async () => {
        await record(REQUEST_ID, [
          orderPlaced({ inquiryId: 'INQ-1' }),
          fulfilmentRequested({ attempt: 1, supplier: 'digiflazz', sku: 'T10' }),
          {
            type: 'FulfilmentAttemptFailed',
            data: {
              requestId: REQUEST_ID,
              attempt: 1,
              supplierRef: SUPPLIER_REF,
              supplier: 'digiflazz',
              sku: 'T10',
              reason: 'refused',
              nothingSent: false,
              failedAt: at(0),
            },
          },
          fulfilmentRequested({ attempt: 2, supplier: 'iak', sku: 'htelkomsel10000', supplierRef: 'KIOS-2' }),
          orderSucceeded({ supplier: 'iak', cost: '1010000' }),
        ]);
        await project();
        const [row] = (await orders.find({ requestId: REQUEST_ID })).rows;
        expect(row).toMatchObject({
          status: 'succeeded',
          inquiryId: 'INQ-1',
          supplier: 'iak',
          supplierRef: 'KIOS-2',
          supplierCostMinor: '1010000',
        });
      });

      it('follows an order through pending and doubt, and keeps a doubt a doubt when DANA is told PENDING', async () => {
        await record(REQUEST_ID, [orderPlaced(), fulfilmentRequested({ supplier: 'digiflazz', sku: 'T10' })]);
        await project();
        await expect(orders.find({ requestId: REQUEST_ID })).resolves.toMatchObject({
          rows: [{ status: 'requested', supplier: 'digiflazz', settledAt: null }],
        });
        await record(REQUEST_ID, [fulfilmentInDoubt(), orderMarkedPending()]);
        await project();
        await expect(orders.find({ requestId: REQUEST_ID })).resolves.toMatchObject({
          rows: [{ status: 'in_doubt', settledAt: null }],
        });
        await record(REQUEST_ID, [orderFailed()]);
        await project();
        await expect(orders.find({ requestId: REQUEST_ID })).resolves.toMatchObject({
          rows: [{ status: 'failed', settledAt: '2025-01-15T03:06:40.000Z', supplierCostMinor: null }],
        });
      });

      it('keeps an order marked PENDING before its supplier was asked placed, as the order decider does', async () => {
        await record(REQUEST_ID, [orderPlaced(), orderMarkedPending()]);
        await project();
        await expect(orders.find({ requestId: REQUEST_ID })).resolves.toMatchObject({
          rows: [{ status: 'placed' }],
        });
      });

      it('holds an order refused at Create Order, with no supplier', async () => {
        await record(REQUEST_ID, [
          orderPlaced(),
          orderFailed({ code: 'invalid_destination', reason: 'not a Telkomsel number', failedAt: at(0) }),
        ]);
        await project();
        await expect(orders.find({ requestId: REQUEST_ID })).resolves.toMatchObject({
          rows: [{ status: 'failed', supplier: null, supplierRef: null, settledAt: at(0) }],
        });
      });

      it('applies an event handed to it twice only once', async () => {
        await record(REQUEST_ID, [
          orderPlaced(),
          fulfilmentRequested(),
          orderMarkedPending(),
          orderSucceeded(),
        ]);
        await project();
        const [, , pending] = await store.readStream(orderStream(REQUEST_ID));
        await readModelTransaction(dataSource, (tx: EntityManager) =>
          orderIndexProjection.apply(pending, tx),
        );
        await expect(orders.find({ requestId: REQUEST_ID })).resolves.toMatchObject({
          rows: [{ status: 'succeeded', revision: 3n }],
        });
      });
    });

    describe('find', () => {
      const stories: OrderStory[] = [
        { requestId: 'R1', minutes: 0, phone: '081111111111' },
        { requestId: 'R2', minutes: 10, phone: '+6282222222222', then: 'failed' },
        { requestId: 'R3', minutes: 20, phone: '081111111111', then: 'pending' },
        { requestId: 'R4', minutes: 30, phone: '083333333333' },
      ];

      it('finds an order by its requestId and by its orderId, and none by another', async () => {
        await recordStories(stories);
        await expect(orders.find({ requestId: 'R2' })).resolves.toMatchObject({
          rows: [{ orderId: 'ORD-R2' }],
        });
        await expect(orders.find({ orderId: 'ORD-R3' })).resolves.toMatchObject({
          rows: [{ requestId: 'R3' }],
        });
        await expect(orders.find({ orderId: 'ORD-NONE' })).resolves.toEqual({ rows: [] });
      });

      it('finds the orders of a destination however its number is written', async () => {
        await recordStories(stories);
        for (const written of ['081111111111', '+62 811-1111-1111', '6281111111111']) {
          const found = await orders.find({ destination: written });
          expect(found.rows.map((row) => row.requestId)).toEqual(['R3', 'R1']);
        }
        const sentWithCountryCode = await orders.find({ destination: '082222222222' });
        expect(sentWithCountryCode.rows.map((row) => row.requestId)).toEqual(['R2']);
        expect(sentWithCountryCode.rows[0].destination).toEqual({ primaryParam: '+6282222222222' });
      });

      it('finds by status and by product, and combines filters', async () => {
        await recordStories(stories);
        const succeeded = await orders.find({ status: 'succeeded' });
        expect(succeeded.rows.map((row) => row.requestId)).toEqual(['R4', 'R1']);
        await expect(orders.find({ productId: 'TSEL-10K' })).resolves.toMatchObject({ rows: { length: 4 } });
        await expect(orders.find({ productId: 'PLN-50K' })).resolves.toEqual({ rows: [] });
        const both = await orders.find({ destination: '081111111111', status: 'pending' });
        expect(both.rows.map((row) => row.requestId)).toEqual(['R3']);
      });

      it('finds the orders created in [from, to)', async () => {
        await recordStories(stories);
        const found = await orders.find({ from: new Date(at(10)), to: new Date(at(30)) });
        expect(found.rows.map((row) => row.requestId)).toEqual(['R3', 'R2']);
        const since = await orders.find({ from: new Date(at(20)) });
        expect(since.rows.map((row) => row.requestId)).toEqual(['R4', 'R3']);
      });

      it('counts the orders a filter matches, as find would list them', async () => {
        await recordStories(stories);
        await expect(orders.count({})).resolves.toBe(4);
        await expect(orders.count({ from: new Date(at(10)), to: new Date(at(30)) })).resolves.toBe(2);
        await expect(orders.count({ destination: '081111111111', status: 'pending' })).resolves.toBe(1);
        await expect(orders.count({ orderId: 'ORD-NONE' })).resolves.toBe(0);
      });

      it('pages newest first, each order once and none missing, orders of one instant included', async () => {
        const many: OrderStory[] = Array.from({ length: 11 }, (_, n) => ({
          requestId: `P${String(n).padStart(2, '0')}`,
          // Pairs share a created_at: the keyset goes on by requestId within the instant.
          minutes: Math.floor(n / 2),
        }));
        await recordStories(many);
        const pages = await allPages({}, 3);
        expect(pages.map((page) => page.length)).toEqual([3, 3, 3, 2]);
        expect(pages.flat()).toEqual(many.map((story) => story.requestId).reverse());
      });

      it('pages a filtered search, and a page that ends the results has no next', async () => {
        await recordStories(stories);
        const pages = await allPages({ status: 'succeeded' }, 1);
        expect(pages).toEqual([['R4'], ['R1']]);
        await expect(orders.find({}, { limit: 4 })).resolves.not.toHaveProperty('next');
      });

      it('answers 50 by default, refuses a limit over 500, and a cursor it did not give, naming them', async () => {
        await recordStories(
          Array.from({ length: 51 }, (_, n) => ({ requestId: `D${String(n).padStart(2, '0')}`, minutes: n })),
        );
        const first = await orders.find({});
        expect(first.rows).toHaveLength(50);
        expect(first.next).toEqual(expect.any(String));
        await expect(orders.find({}, { limit: 501 })).rejects.toMatchObject({
          name: 'InvalidOrderSearch',
          parameter: 'limit',
        });
        await expect(orders.find({}, { limit: 0 })).rejects.toBeInstanceOf(InvalidOrderSearch);
        await expect(orders.find({}, { cursor: 'not-a-cursor' })).rejects.toMatchObject({
          parameter: 'cursor',
        });
        await expect(
          orders.find({}, { cursor: Buffer.from('["yesterday","R1"]').toString('base64url') }),
        ).rejects.toMatchObject({ parameter: 'cursor' });
        await expect(orders.find({ from: new Date(at(5)), to: new Date(at(5)) })).rejects.toMatchObject({
          parameter: 'to',
        });
        await expect(orders.find({ from: new Date('nonsense') })).rejects.toMatchObject({
          parameter: 'from',
        });
      });
    });

    describe('stream', () => {
      it('gives every matching order oldest first, read in chunks', async () => {
        const many: OrderStory[] = Array.from({ length: 7 }, (_, n) => ({
          requestId: `S${n}`,
          minutes: Math.floor(n / 3),
          then: n === 4 ? 'failed' : 'succeeded',
        }));
        await recordStories(many);
        const read: OrderIndexRow[] = [];
        for await (const row of orders.stream({}, { chunk: 2 })) read.push(row);
        expect(read.map((row) => row.requestId)).toEqual(['S0', 'S1', 'S2', 'S3', 'S4', 'S5', 'S6']);

        const succeeded: string[] = [];
        for await (const row of orders.stream({ status: 'succeeded', to: new Date(at(2)) }, { chunk: 3 })) {
          succeeded.push(row.requestId);
        }
        expect(succeeded).toEqual(['S0', 'S1', 'S2', 'S3', 'S5']);
      });
    });

    it('reads the pages after the first by seeking the (created_at, request_id) index, not scanning it', async () => {
      await recordStories(Array.from({ length: 3 }, (_, n) => ({ requestId: `K${n}`, minutes: n })));
      const selects: Array<{ sql: string; parameters: unknown[] }> = [];
      const logger = dataSource.logger;
      // Every statement TypeORM runs passes its logger: the read model's SELECTs are kept to be explained.
      Object.assign(dataSource, {
        logger: Object.assign(Object.create(logger), {
          logQuery: (sql: string, parameters: unknown[] = []) => {
            if (/^SELECT .* FROM ("\w+"\.)?"order_index"/i.test(sql)) selects.push({ sql, parameters });
          },
        }),
      });
      try {
        const first = await orders.find({}, { limit: 1 });
        await orders.find({}, { limit: 1, cursor: first.next });
        for await (const _row of orders.stream({}, { chunk: 1 })) void _row;
      } finally {
        Object.assign(dataSource, { logger });
      }
      const keyset = selects.filter(({ sql }) =>
        /created_at.*request_id.*[<>]/s.test(sql.split(/ WHERE /i)[1] ?? ''),
      );
      expect(keyset.length).toBeGreaterThanOrEqual(3);
      for (const { sql, parameters } of keyset) {
        const explain = target.name === 'PostgreSQL' ? 'EXPLAIN' : 'EXPLAIN QUERY PLAN';
        const plan = (await dataSource.query(`${explain} ${sql}`, parameters)) as Record<string, string>[];
        const text = plan.map((line) => Object.values(line).join(' ')).join('\n');
        expect(text).toMatch(
          target.name === 'PostgreSQL'
            ? /Index Cond: \(ROW\(\(?created_at\)?(::text)?, \(?request_id\)?(::text)?\) [<>] ROW/
            : /USING INDEX order_index_created_at \(\(created_at,request_id\)[<>]\(\?,\?\)\)/,
        );
      }
    });

    it('is rebuilt from the events to the rows the live runner wrote', async () => {
      await recordStories([
        { requestId: 'B1', minutes: 0 },
        { requestId: 'B2', minutes: 1, then: 'pending' },
        { requestId: 'B3', minutes: 2, then: 'failed' },
      ]);
      const live = [];
      for await (const row of orders.stream({})) live.push({ ...row });
      expect(live).toHaveLength(3);
      await dataSource.createQueryBuilder().delete().from('order_index').execute();
      await expect(orders.find({})).resolves.toEqual({ rows: [] });

      await rebuildProjections({ store, readModelUrl: url, projections: [orderIndexProjection] });

      const rebuilt = [];
      for await (const row of orders.stream({})) rebuilt.push({ ...row });
      expect(rebuilt).toEqual(live);
    });
  });
}

orderIndexSpec(sqliteTarget);
orderIndexSpec(postgresTarget);
