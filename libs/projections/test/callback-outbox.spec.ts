import { FixedClock } from '@kios/dana-protocol';
import { InMemoryEventStore } from '@kios/event-store';
import { orderStream, type OrderEvent } from '@kios/ordering';
import type { DataSource } from 'typeorm';
import { CallbackOutbox } from '../src/callback-outbox/callback-outbox.read-model';
import { callbackOutboxProjection } from '../src/callback-outbox/callback-outbox.projection';
import { deleteCheckpoint } from '../src/checkpoint/projection-checkpoints';
import { ProjectionRunner } from '../src/projection-runner';
import { openReadModel } from '../src/read-model-schema';
import { postgresTarget, type ReadModelTarget, sqliteTarget } from './read-model.targets';

const T0 = new Date('2025-01-15T03:06:10.000Z');
const iso = (seconds: number) => new Date(T0.getTime() + seconds * 1000).toISOString();
const quietLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

const pending = (requestId: string): OrderEvent => ({
  type: 'OrderMarkedPending',
  data: { requestId, markedPendingAt: iso(5) },
});
const succeeded = (requestId: string, at = 30): OrderEvent => ({
  type: 'OrderSucceeded',
  data: { requestId, serialNumber: 'SN-1', succeededAt: iso(at) },
});
const failed = (requestId: string, at = 30): OrderEvent => ({
  type: 'OrderFailed',
  data: { requestId, code: 'supplier_failed', reason: 'rejected', failedAt: iso(at) },
});
const attempted = (requestId: string, attempt: number, reason: string, next?: number): OrderEvent => ({
  type: 'CallbackAttempted',
  data: {
    requestId,
    attempt,
    reason,
    ...(next === undefined ? {} : { nextAttemptAt: iso(next) }),
    attemptedAt: iso(40),
  },
});
const delivered = (requestId: string, attempt: number): OrderEvent => ({
  type: 'CallbackDelivered',
  data: { requestId, attempt, deliveredAt: iso(50) },
});
const abandoned = (requestId: string, reason: string): OrderEvent => ({
  type: 'CallbackAbandoned',
  data: { requestId, reason, abandonedAt: iso(50) },
});
const retryRequested = (requestId: string): OrderEvent => ({
  type: 'CallbackRetryRequested',
  data: { requestId, requestedBy: 'kios-cli (ops)', requestedAt: iso(600) },
});

function callbackOutboxSpec(target: ReadModelTarget): void {
  describe(`the callback_outbox projection on ${target.name}`, () => {
    let store: InMemoryEventStore;
    let dataSource: DataSource;
    let dispose: () => Promise<void>;
    let outbox: CallbackOutbox;

    beforeEach(async () => {
      store = new InMemoryEventStore({ clock: new FixedClock(T0) });
      const database = target.create();
      dispose = database.dispose;
      dataSource = await openReadModel(database.url, [callbackOutboxProjection]);
      outbox = new CallbackOutbox(dataSource);
    });

    afterEach(async () => {
      await store.close();
      await dataSource.destroy();
      await dispose();
    });

    async function record(requestId: string, ...events: OrderEvent[]) {
      await store.append(
        orderStream(requestId),
        events.map((event) => ({ type: event.type, data: event.data, metadata: { correlationId: 'test' } })),
        'any',
      );
    }

    async function project() {
      const runner = new ProjectionRunner(store, dataSource, callbackOutboxProjection, {
        logger: quietLogger,
      });
      await runner.start();
      await runner.waitUntilCaughtUp(5_000);
      await runner.stop();
    }

    it('owes a callback for an order answered PENDING once it is final, due at once', async () => {
      await record('r-success', pending('r-success'), succeeded('r-success'));
      await record('r-failure', pending('r-failure'), failed('r-failure', 31));
      await project();

      expect(await outbox.get('r-success')).toMatchObject({
        state: 'pending',
        finalStatus: 'SUCCESS',
        attempts: 0,
        nextAttemptAt: new Date(iso(30)),
      });
      expect(await outbox.get('r-failure')).toMatchObject({ state: 'pending', finalStatus: 'FAILED' });
      expect(await outbox.due(new Date(iso(31)), 10)).toEqual(['r-success', 'r-failure']);
    });

    it('owes none for an order DANA got final in its Create Order answer', async () => {
      await record('r-at-once', succeeded('r-at-once'));
      await project();
      expect(await outbox.get('r-at-once')).toBeUndefined();
      expect(await outbox.list()).toEqual([]);
    });

    it('waits for the outcome of an order still pending', async () => {
      await record('r-waiting', pending('r-waiting'));
      await project();
      expect(await outbox.get('r-waiting')).toMatchObject({ state: 'awaiting_outcome', attempts: 0 });
      expect(await outbox.due(new Date(iso(9_999)), 10)).toEqual([]);
    });

    it('holds a failed attempt until its next time, with its reason', async () => {
      await record('r1', pending('r1'), succeeded('r1'), attempted('r1', 1, 'DANA answered HTTP 500', 45));
      await project();
      expect(await outbox.get('r1')).toMatchObject({
        state: 'pending',
        attempts: 1,
        lastReason: 'DANA answered HTTP 500',
        nextAttemptAt: new Date(iso(45)),
      });
      expect(await outbox.due(new Date(iso(44)), 10)).toEqual([]);
      expect(await outbox.due(new Date(iso(45)), 10)).toEqual(['r1']);
      expect(await outbox.nextDueAt()).toEqual(new Date(iso(45)));
    });

    it('settles delivered and abandoned callbacks, and reopens an abandoned one an operator retries', async () => {
      await record(
        'r-ok',
        pending('r-ok'),
        succeeded('r-ok'),
        attempted('r-ok', 1, 'U', 45),
        delivered('r-ok', 2),
      );
      await record(
        'r-no',
        pending('r-no'),
        failed('r-no'),
        attempted('r-no', 1, 'F'),
        abandoned('r-no', 'DANA refused (F)'),
      );
      await project();
      expect(await outbox.get('r-ok')).toMatchObject({ state: 'delivered', attempts: 2 });
      expect((await outbox.get('r-ok'))?.nextAttemptAt).toBeUndefined();
      expect(await outbox.get('r-no')).toMatchObject({
        state: 'abandoned',
        attempts: 1,
        lastReason: 'DANA refused (F)',
      });
      expect((await outbox.list('abandoned')).map((entry) => entry.requestId)).toEqual(['r-no']);
      expect(await outbox.due(new Date(iso(9_999)), 10)).toEqual([]);

      await record('r-no', retryRequested('r-no'));
      await project();
      expect(await outbox.get('r-no')).toMatchObject({ state: 'pending', nextAttemptAt: new Date(iso(600)) });
      expect(await outbox.due(new Date(iso(600)), 10)).toEqual(['r-no']);
    });

    it('shows when the last attempt was sent, and no earlier refusal once DANA accepted the callback', async () => {
      await record('r1', pending('r1'), succeeded('r1'));
      await project();
      expect((await outbox.get('r1'))?.lastAttemptAt).toBeUndefined();

      await record('r1', attempted('r1', 1, 'DANA answered U', 45));
      await project();
      expect(await outbox.get('r1')).toMatchObject({
        lastAttemptAt: new Date(iso(40)),
        lastReason: 'DANA answered U',
      });

      await record('r1', delivered('r1', 2));
      await project();
      const entry = await outbox.get('r1');
      expect(entry).toMatchObject({ state: 'delivered', attempts: 2, lastAttemptAt: new Date(iso(50)) });
      expect(entry).not.toHaveProperty('lastReason');
    });

    it('keeps the reason of an abandoned callback, with the time of the attempt before it', async () => {
      await record(
        'r1',
        pending('r1'),
        failed('r1'),
        attempted('r1', 1, 'F'),
        abandoned('r1', 'DANA refused (F)'),
      );
      await project();
      expect(await outbox.get('r1')).toMatchObject({
        state: 'abandoned',
        lastReason: 'DANA refused (F)',
        lastAttemptAt: new Date(iso(40)),
      });
    });

    it('makes an attempt without a next time due at once, as the order itself does', async () => {
      await record('r1', pending('r1'), succeeded('r1'), attempted('r1', 1, 'no answer'));
      await project();
      expect(await outbox.get('r1')).toMatchObject({ state: 'pending', nextAttemptAt: new Date(iso(40)) });
    });

    it('comes out the same when rebuilt from the first event (each event applied once)', async () => {
      await record('r1', pending('r1'), succeeded('r1'), attempted('r1', 1, 'U', 45));
      await record('r2', pending('r2'), failed('r2'), attempted('r2', 1, 'F'), abandoned('r2', 'refused'));
      await project();
      const before = await outbox.list();
      await deleteCheckpoint(dataSource, callbackOutboxProjection.name);
      await project();
      expect(await outbox.list()).toEqual(before);
    });
  });
}

callbackOutboxSpec(sqliteTarget);
callbackOutboxSpec(postgresTarget);
