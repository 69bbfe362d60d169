import { FixedClock } from '@kios/dana-protocol';
import { InMemoryEventStore } from '@kios/event-store';
import { orderStream, type OrderEvent } from '@kios/ordering';
import type { DataSource } from 'typeorm';
import {
  answeredPending,
  fulfilmentInDoubt,
  inDoubt,
  orderFailed,
  orderMarkedPending,
  orderSucceeded,
  secondsAfterT0,
  T0,
} from '../../ordering/test/order/order.builders';
import { settledByOperator } from '../../ordering/test/order/operator-settlement.builders';
import { fulfilmentFollowUpProjection } from '../src/fulfilment-follow-up/fulfilment-follow-up.projection';
import { OrdersForOperator } from '../src/operator-attention/orders-for-operator';
import { orderDetailProjection } from '../src/order-detail/order-detail.projection';
import { OrderDetailReadModel } from '../src/order-detail/order-detail.read-model';
import { ProjectionRunner } from '../src/projection-runner';
import { openReadModel } from '../src/read-model-schema';
import { postgresTarget, type ReadModelTarget, sqliteTarget } from './read-model.targets';

const quietLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };
const DAY = 86_400;
const HORIZON_MS = DAY * 1000;
/** A week after T0, when the operator asks. */
const NOW = secondsAfterT0(7 * DAY);
const iso = (seconds: number) => secondsAfterT0(seconds).toISOString();

const RECHECK_REASON = 'supplier reference KIOS-… past the 80.0-day recheck horizon';
const flaggedAt = (seconds: number, reason = RECHECK_REASON): OrderEvent => ({
  type: 'FulfilmentFlaggedForOperator',
  data: { requestId: '', reason, flaggedAt: iso(seconds) },
});

/** Each order's story, written under its own requestId and orderId. */
const stories: Record<string, OrderEvent[]> = {
  'REQ-FLAGGED': [...answeredPending(), flaggedAt(2 * DAY)],
  'REQ-IN-DOUBT-LONG': inDoubt(), // in doubt since T0 + 5 s: past the horizon a week later
  'REQ-IN-DOUBT-RECENT': [
    ...answeredPending(),
    fulfilmentInDoubt({ inDoubtAt: iso(6 * DAY + 3_600) }), // an hour before NOW
  ],
  'REQ-IN-DOUBT-FLAGGED': [...inDoubt(), orderMarkedPending(), flaggedAt(DAY, 'no final answer 24.0 h')],
  'REQ-PENDING': answeredPending(),
  'REQ-REVERSED': [
    ...answeredPending(),
    orderSucceeded({ succeededAt: iso(60) }),
    {
      type: 'FulfilmentReversed',
      data: { requestId: '', rc: '74', message: 'Transaksi Refund', reversedAt: iso(3 * DAY) },
    },
  ],
  'REQ-SETTLED-BY-SUPPLIER': [
    ...answeredPending(),
    flaggedAt(DAY),
    orderSucceeded({ succeededAt: iso(3 * DAY) }),
  ],
  'REQ-SETTLED-BY-OPERATOR': [
    ...answeredPending(),
    flaggedAt(DAY),
    settledByOperator({ settledAt: iso(4 * DAY) }),
    orderFailed({ reason: 'Gagal at the supplier', failedAt: iso(4 * DAY) }),
  ],
};

function asOrder(event: OrderEvent, requestId: string): OrderEvent {
  const data: Record<string, unknown> = { ...event.data, requestId };
  if (event.type === 'OrderPlaced') data.orderId = `ORD-${requestId}`;
  return { type: event.type, data } as OrderEvent;
}

function ordersForOperatorSpec(target: ReadModelTarget): void {
  describe(`the orders an operator must look at, on ${target.name}`, () => {
    let store: InMemoryEventStore;
    let dataSource: DataSource;
    let dispose: () => Promise<void>;

    beforeEach(async () => {
      store = new InMemoryEventStore({ clock: new FixedClock(T0) });
      const database = target.create();
      dispose = database.dispose;
      dataSource = await openReadModel(database.url, [orderDetailProjection, fulfilmentFollowUpProjection]);
    });

    afterEach(async () => {
      await store.close();
      await dataSource.destroy();
      await dispose();
    });

    async function recordAndProject(orders: Record<string, OrderEvent[]>) {
      for (const [requestId, events] of Object.entries(orders)) {
        await store.append(
          orderStream(requestId),
          events.map((event) => ({ type: event.type, data: asOrder(event, requestId).data })),
          'any',
        );
      }
      for (const projection of [orderDetailProjection, fulfilmentFollowUpProjection]) {
        const runner = new ProjectionRunner(store, dataSource, projection, { logger: quietLogger });
        await runner.start();
        await runner.waitUntilCaughtUp(5_000);
        await runner.stop();
      }
    }

    it('lists flagged orders (a reversed success among them) and orders in doubt past the horizon, oldest first, once each', async () => {
      await recordAndProject(stories);

      await expect(new OrdersForOperator(dataSource).list(NOW, HORIZON_MS)).resolves.toEqual([
        {
          requestId: 'REQ-IN-DOUBT-LONG',
          orderId: 'ORD-REQ-IN-DOUBT-LONG',
          status: 'in_doubt',
          reason:
            'in doubt for longer than KIOS_FULFILMENT_HORIZON_MS (24.0 h): the supplier has given no usable answer',
          since: secondsAfterT0(5),
        },
        {
          requestId: 'REQ-IN-DOUBT-FLAGGED',
          orderId: 'ORD-REQ-IN-DOUBT-FLAGGED',
          status: 'in_doubt',
          reason: 'no final answer 24.0 h',
          since: secondsAfterT0(DAY),
        },
        {
          requestId: 'REQ-FLAGGED',
          orderId: 'ORD-REQ-FLAGGED',
          status: 'pending',
          reason: RECHECK_REASON,
          since: secondsAfterT0(2 * DAY),
        },
        {
          requestId: 'REQ-REVERSED',
          orderId: 'ORD-REQ-REVERSED',
          status: 'succeeded',
          reason: 'reversed by the supplier: rc 74 (Transaksi Refund)',
          since: secondsAfterT0(3 * DAY),
        },
      ]);
    });

    it('counts time in doubt against the horizon given: a shorter one lists the recent doubt too', async () => {
      await recordAndProject({ 'REQ-IN-DOUBT-RECENT': stories['REQ-IN-DOUBT-RECENT'] });
      const orders = new OrdersForOperator(dataSource);

      await expect(orders.list(NOW, HORIZON_MS)).resolves.toEqual([]);
      await expect(orders.list(NOW, 1_800_000)).resolves.toEqual([
        expect.objectContaining({
          requestId: 'REQ-IN-DOUBT-RECENT',
          reason: expect.stringContaining('(0.5 h)'),
          since: secondsAfterT0(6 * DAY + 3_600),
        }),
      ]);
    });

    it('leaves out an order settled since its flag, by the supplier or by an operator', async () => {
      const settled = {
        'REQ-SETTLED-BY-SUPPLIER': stories['REQ-SETTLED-BY-SUPPLIER'],
        'REQ-SETTLED-BY-OPERATOR': stories['REQ-SETTLED-BY-OPERATOR'],
        'REQ-FLAGGED': stories['REQ-FLAGGED'],
      };
      await recordAndProject(settled);

      const listed = await new OrdersForOperator(dataSource).list(NOW, HORIZON_MS);
      expect(listed.map((order) => order.requestId)).toEqual(['REQ-FLAGGED']);
      // The supplier's answer overtook the flag, which stays in the history; the operator's settlement cleared it.
      const details = new OrderDetailReadModel(dataSource);
      expect((await details.get('REQ-SETTLED-BY-SUPPLIER'))?.flaggedForOperator?.reason).toBe(RECHECK_REASON);
      expect(await details.get('REQ-SETTLED-BY-OPERATOR')).toMatchObject({ status: 'FAILED' });
      expect((await details.get('REQ-SETTLED-BY-OPERATOR'))?.flaggedForOperator).toBeUndefined();
    });

    it('names, for each status not final, when its oldest order was placed; final orders, however old, count for nothing', async () => {
      const placedAt = (seconds: number, story: OrderEvent[]): OrderEvent[] => [
        { type: 'OrderPlaced', data: { ...story[0].data, placedAt: iso(seconds) } } as OrderEvent,
        ...story.slice(1),
      ];
      const orders = new OrdersForOperator(dataSource);
      await expect(orders.oldestUnsettled()).resolves.toEqual([]);

      await recordAndProject({
        'REQ-SUCCEEDED-EARLIER': placedAt(-DAY, [...answeredPending(), orderSucceeded()]),
        'REQ-PENDING-NEWER': placedAt(3_600, answeredPending()),
        'REQ-PENDING-OLDER': placedAt(60, answeredPending()),
        'REQ-IN-DOUBT': placedAt(7_200, inDoubt()),
      });

      await expect(orders.oldestUnsettled()).resolves.toEqual([
        { status: 'in_doubt', placedAt: secondsAfterT0(7_200) },
        { status: 'pending', placedAt: secondsAfterT0(60) },
      ]);
    });
  });
}

ordersForOperatorSpec(sqliteTarget);
ordersForOperatorSpec(postgresTarget);
