import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { KiosData } from './support/kios-data';
import { kiosForOrderTests, telcoOrderBody } from './support/order-tests';

/** Shorter than the 5 s kios's SQLite writer waits for another writer's lock before it gives up. */
const HELD_MS = 1_000;

/**
 * Create Order answers only once its events are committed to the SQLite event store
 * (docs/architecture.md §5 "group commit"; synchronous=FULL by default, so committed is on disk): with
 * the events file's write lock held by another connection — a commit held back — the answer waits,
 * and comes, SUCCESS, right after the lock is let go, its events stored. Positive control: the same
 * order without the lock held answers at once.
 */
describe('Create Order waits for its commit', () => {
  const kios = kiosForOrderTests({});

  it('holds the answer back while the event store cannot commit, and answers once it has', async () => {
    const dana = kios.client();
    const sendOrder = () => dana.send(dana.presign('createOrder', telcoOrderBody('081234567345')));

    const unheldStarted = Date.now();
    const unheld = await sendOrder();
    expect(unheld.envelope.response.body.order.orderStatus.status).toBe('SUCCESS');
    expect(Date.now() - unheldStarted).toBeLessThan(HELD_MS);

    const blocker = new Database(join(kios.dataDir, 'events.db'));
    blocker.exec('BEGIN IMMEDIATE');
    let lockHeld = true;
    try {
      const body = { ...telcoOrderBody('081234567345'), requestId: `E2E-HELD-${randomUUID()}` };
      let answeredWhileHeld = false;
      const answer = dana.send(dana.presign('createOrder', body)).then((reply) => {
        answeredWhileHeld = lockHeld;
        return reply;
      });
      await new Promise((resolve) => setTimeout(resolve, HELD_MS));
      expect(await new KiosData(kios.dataDir).orderEventTypes(body.requestId)).toEqual([]);
      lockHeld = false;
      blocker.exec('COMMIT');

      const reply = await answer;
      expect(answeredWhileHeld).toBe(false);
      expect(reply.signature).toMatchObject({ ok: true });
      expect(reply.envelope.response.body.order).toMatchObject({
        requestId: body.requestId,
        orderStatus: { status: 'SUCCESS' },
      });
      expect(await new KiosData(kios.dataDir).orderEventTypes(body.requestId)).toEqual(
        expect.arrayContaining(['OrderPlaced', 'FulfilmentRequested', 'OrderSucceeded']),
      );
    } finally {
      if (blocker.inTransaction) blocker.exec('ROLLBACK');
      blocker.close();
    }
  }, 30_000);
});
