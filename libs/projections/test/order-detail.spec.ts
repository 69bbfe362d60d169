import { FixedClock } from '@kios/dana-protocol';
import { InMemoryEventStore } from '@kios/event-store';
import { evolveOrder, initialOrderState, orderStream, orderView, type OrderEvent } from '@kios/ordering';
import type { DataSource, EntityManager } from 'typeorm';
import {
  answeredPending,
  failedAfterPending,
  fulfilmentInDoubt,
  fulfilmentRequested,
  inDoubt,
  orderFailed,
  orderMarkedPending,
  orderPlaced,
  orderSucceeded,
  REQUEST_ID,
  refused,
  requested,
  succeededAfterPending,
  succeededAtOnce,
  SUPPLIER_REF,
} from '../../ordering/test/order/order.builders';
import { FulfilmentFollowUpReadModel } from '../src/fulfilment-follow-up/fulfilment-follow-up.read-model';
import { fulfilmentFollowUpProjection } from '../src/fulfilment-follow-up/fulfilment-follow-up.projection';
import { OrderDetailReadModel } from '../src/order-detail/order-detail.read-model';
import { OrderDetailRow } from '../src/order-detail/order-detail.row';
import { orderDetailProjection } from '../src/order-detail/order-detail.projection';
import type { Projection } from '../src/projection';
import { ProjectionRunner } from '../src/projection-runner';
import { openReadModel } from '../src/read-model-schema';
import { readModelTransaction } from '../src/read-model-transaction';
import { postgresTarget, type ReadModelTarget, sqliteTarget } from './read-model.targets';

const T0 = new Date('2025-01-15T03:06:10.000Z');
const quietLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };
const flagged: OrderEvent = {
  type: 'FulfilmentFlaggedForOperator',
  data: { requestId: REQUEST_ID, reason: 'no final answer', flaggedAt: '2025-01-16T03:06:10.000Z' },
};

const reversed: OrderEvent = {
  type: 'FulfilmentReversed',
  data: {
    requestId: REQUEST_ID,
    rc: '74',
    message: 'Transaksi Refund',
    reversedAt: '2025-01-15T04:00:00.000Z',
  },
};

/** The stories of an order, as event histories; a bill order with token delivery among them. */
const stories: Record<string, () => OrderEvent[]> = {
  'succeeded at once': succeededAtOnce,
  'pending then succeeded': succeededAfterPending,
  'pending then failed': failedAfterPending,
  'in doubt': inDoubt,
  'in doubt, then answered PENDING': () => [...inDoubt(), orderMarkedPending()],
  'refused at Create Order': refused,
  'flagged for an operator, then succeeded': () => [...answeredPending(), flagged, orderSucceeded()],
  'succeeded, then reversed by the supplier': () => [...succeededAfterPending(), reversed],
  'a bill order with a token': () => [
    orderPlaced({
      inquiryId: 'INQ-1',
      billAmounts: { baseAmount: '24550000', adminFee: '250000', fineAmount: '0' },
      price: '24800000',
    }),
    ...requested().slice(1),
    orderSucceeded({ token: '12345678901234567890' }),
  ],
};

/** What Create Order would answer after these events. */
function expectedDetail(events: OrderEvent[]) {
  const { callback: _notInReadModel, ...detail } = orderView(events.reduce(evolveOrder, initialOrderState))!;
  return detail;
}

function orderDetailSpec(target: ReadModelTarget): void {
  describe(`the order_detail and fulfilment_followup projections on ${target.name}`, () => {
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

    async function record(requestId: string, events: OrderEvent[]) {
      await store.append(
        orderStream(requestId),
        events.map((event) => ({
          type: event.type,
          data: event.data,
          metadata: { correlationId: `msg-${requestId}` },
        })),
        'any',
      );
    }

    async function project(...projections: Projection[]) {
      for (const projection of projections) {
        const runner = new ProjectionRunner(store, dataSource, projection, { logger: quietLogger });
        await runner.start();
        await runner.waitUntilCaughtUp(5_000);
        await runner.stop();
      }
    }

    it.each(Object.entries(stories))('answers what Create Order answers: %s', async (_, story) => {
      const events = story();
      await record(REQUEST_ID, events);
      await project(orderDetailProjection);
      await expect(new OrderDetailReadModel(dataSource).get(REQUEST_ID)).resolves.toEqual(
        expectedDetail(events),
      );
    });

    it('agrees with Create Order after every single event, not only at the end', async () => {
      const events = [...answeredPending(), flagged, orderSucceeded()];
      for (let count = 1; count <= events.length; count += 1) {
        await record(REQUEST_ID, [events[count - 1]]);
        await project(orderDetailProjection);
        await expect(new OrderDetailReadModel(dataSource).get(REQUEST_ID)).resolves.toEqual(
          expectedDetail(events.slice(0, count)),
        );
      }
    });

    it('stops at a stored event it cannot read, naming it, before any fold sees it', async () => {
      await record(REQUEST_ID, [orderPlaced()]);
      await store.append(
        orderStream(REQUEST_ID),
        [{ type: 'FulfilmentRequested', data: { requestId: REQUEST_ID, supplierRef: SUPPLIER_REF } }],
        'any',
      );
      const runner = new ProjectionRunner(store, dataSource, orderDetailProjection, {
        logger: quietLogger,
        retry: { attempts: 1, initialDelayMs: 1, maxDelayMs: 1 },
      });
      await runner.start();

      await expect(runner.waitUntilCaughtUp(5_000)).rejects.toThrow(
        `projection order_detail failed on FulfilmentRequested order-${REQUEST_ID}@1 (position 2/2): ` +
          `unreadable event FulfilmentRequested at order-${REQUEST_ID}@1: data.destination is missing`,
      );
      await runner.stop();
      await expect(new OrderDetailReadModel(dataSource).get(REQUEST_ID)).resolves.toBeUndefined();
    });

    it('applies an event handed to it twice only once', async () => {
      await record(REQUEST_ID, succeededAfterPending());
      await project(orderDetailProjection);
      const [, , pending] = await store.readStream(orderStream(REQUEST_ID));
      await readModelTransaction(dataSource, (tx: EntityManager) => orderDetailProjection.apply(pending, tx));
      await expect(new OrderDetailReadModel(dataSource).get(REQUEST_ID)).resolves.toMatchObject({
        status: 'SUCCESS',
      });
    });

    it('stores what an order lacks as SQL NULL, not as the JSON text null', async () => {
      await record(REQUEST_ID, refused());
      await project(orderDetailProjection);
      const rows = await dataSource
        .createQueryBuilder()
        .select('o.bill_amounts', 'bill_amounts')
        .addSelect('o.fulfilment_destination', 'fulfilment_destination')
        .from(OrderDetailRow, 'o')
        .getRawMany();
      expect(rows).toEqual([{ bill_amounts: null, fulfilment_destination: null }]);
    });

    it('finds several orders at once and knows nothing of the others', async () => {
      await record(
        'REQ-A',
        succeededAtOnce().map((event) => withRequestId(event, 'REQ-A', 'ORD-A')),
      );
      await record(
        'REQ-B',
        answeredPending().map((event) => withRequestId(event, 'REQ-B', 'ORD-B')),
      );
      await project(orderDetailProjection);
      const found = await new OrderDetailReadModel(dataSource).getMany([
        'REQ-A',
        'REQ-B',
        'REQ-NONE',
        'REQ-A',
      ]);
      expect([...found.keys()].sort()).toEqual(['REQ-A', 'REQ-B']);
      expect(found.get('REQ-A')?.status).toBe('SUCCESS');
      expect(found.get('REQ-B')?.status).toBe('PENDING');
      await expect(new OrderDetailReadModel(dataSource).get('REQ-NONE')).resolves.toBeUndefined();
    });

    it('finds an order by the reference kios gave its supplier, and no order by another', async () => {
      await record(
        'REQ-A',
        succeededAtOnce().map((event) => withRequestId(event, 'REQ-A', 'ORD-A')),
      );
      await project(orderDetailProjection);
      const details = new OrderDetailReadModel(dataSource);
      await expect(details.requestIdBySupplierRef(SUPPLIER_REF)).resolves.toBe('REQ-A');
      await expect(details.requestIdBySupplierRef('KIOS-NONE')).resolves.toBeUndefined();
    });

    describe('fulfilment_followup', () => {
      const followUps = () => new FulfilmentFollowUpReadModel(dataSource);
      const farFuture = new Date('2100-01-01T00:00:00.000Z');

      it('follows an order from its supplier request until it is final', async () => {
        await record(REQUEST_ID, requested());
        await project(fulfilmentFollowUpProjection);
        const [id] = await store.readStream(orderStream(REQUEST_ID), { fromRevision: 1n });
        await expect(followUps().open(farFuture)).resolves.toEqual([
          {
            requestId: REQUEST_ID,
            supplierRef: SUPPLIER_REF,
            status: 'requested',
            requestedAt: new Date(fulfilmentRequested().data.requestedAt),
            changedAt: new Date(fulfilmentRequested().data.requestedAt),
            flaggedForOperator: false,
            causation: { correlationId: `msg-${REQUEST_ID}`, causationId: id.id },
          },
        ]);

        await record(REQUEST_ID, [fulfilmentInDoubt(), orderMarkedPending(), flagged]);
        await project(fulfilmentFollowUpProjection);
        await expect(followUps().open(farFuture)).resolves.toEqual([
          expect.objectContaining({ status: 'in_doubt', flaggedForOperator: true }),
        ]);

        await record(REQUEST_ID, [orderSucceeded()]);
        await project(fulfilmentFollowUpProjection);
        await expect(followUps().open(farFuture)).resolves.toEqual([]);
      });

      it('does not follow an order refused before any supplier was asked', async () => {
        await record(REQUEST_ID, refused());
        await project(fulfilmentFollowUpProjection);
        await expect(followUps().open(farFuture)).resolves.toEqual([]);
      });

      it('keeps a requested order for its Create Order until it is old enough', async () => {
        await record(
          'REQ-OLD',
          requested().map((event) => withRequestId(event, 'REQ-OLD', 'ORD-OLD')),
        );
        await record(
          'REQ-YOUNG',
          [orderPlaced(), ...requested().slice(1)].map((event) =>
            withRequestId(event, 'REQ-YOUNG', 'ORD-YOUNG', '2025-01-15T03:06:20.000Z'),
          ),
        );
        await record(
          'REQ-PENDING',
          answeredPending().map((event) => withRequestId(event, 'REQ-PENDING', 'ORD-P')),
        );
        await project(fulfilmentFollowUpProjection);
        const open = await followUps().open(new Date('2025-01-15T03:06:15.000Z'));
        expect(open.map((fulfilment) => fulfilment.requestId)).toEqual(['REQ-OLD', 'REQ-PENDING']);
      });

      it('ends with the order whichever way it ends', async () => {
        await record(
          'REQ-F',
          [...answeredPending(), orderFailed()].map((event) => withRequestId(event, 'REQ-F', 'ORD-F')),
        );
        await project(fulfilmentFollowUpProjection);
        await expect(followUps().open(farFuture)).resolves.toEqual([]);
      });
    });
  });
}

/** The same event for another order (and, for its requested time, another instant). */
function withRequestId(
  event: OrderEvent,
  requestId: string,
  orderId: string,
  requestedAt?: string,
): OrderEvent {
  const data: Record<string, unknown> = { ...event.data, requestId };
  if (event.type === 'OrderPlaced') data.orderId = orderId;
  if (event.type === 'FulfilmentRequested' && requestedAt) data.requestedAt = requestedAt;
  return { type: event.type, data } as OrderEvent;
}

orderDetailSpec(sqliteTarget);
orderDetailSpec(postgresTarget);
