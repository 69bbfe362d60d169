import { randomInt } from 'node:crypto';
import type { Client } from 'pg';
import { comparePositions, type EventStore, PostgresEventStore, type RecordedEvent } from '../src';
import { schemaOf, ThrowawaySchemas, withClient } from './postgres-schemas';

const WRITERS = 8;
const ROUNDS = 3;
const EVENTS_PER_FREE_WRITER = 10;

/**
 * docs/architecture.md §5: with concurrent writers, an append can take a position and commit after
 * appends that took later ones. Here one writer's append is held inside its transaction (a trigger
 * in the test's schema waits on an advisory lock the test holds) while seven other writers, each on
 * its own pool, append and commit; then it is let go. A live subscriber on yet another pool must see
 * every event exactly once, in position order.
 */
describe('PostgreSQL event store, 8 concurrent writers and a live subscriber', () => {
  const schemas = new ThrowawaySchemas();
  const stores: EventStore[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
    await schemas.dropAll();
  });

  it('delivers every event once, in order, although appends commit out of position order', async () => {
    const url = schemas.newUrl();
    const schema = schemaOf(url);
    const lockKey = randomInt(1, 2 ** 31 - 1);
    for (let i = 0; i < WRITERS + 1; i += 1) stores.push(await PostgresEventStore.open(url, { poolSize: 2 }));
    const [subscriberStore, heldWriter, ...freeWriters] = stores;
    await withClient((client) => holdAppendsToHeldStreams(client, schema, lockKey));

    const subscription = subscriberStore.subscribeToAll();
    const received: RecordedEvent[] = [];
    const expectedTotal = ROUNDS * (1 + freeWriters.length * EVENTS_PER_FREE_WRITER);
    const receiving = (async () => {
      for await (const event of subscription) {
        received.push(event);
        if (received.length === expectedTotal) return;
      }
    })();

    const appended: string[] = [];
    const outOfOrder: Array<{ held: bigint; newestVisibleMeanwhile: bigint }> = [];
    await withClient(async (gate) => {
      for (let round = 0; round < ROUNDS; round += 1) {
        await until(() => received.length === appended.length);
        await gate.query('SELECT pg_advisory_lock($1)', [lockKey]);
        const held = heldWriter.append(`held-${round}`, [{ type: 'Held', data: { round } }], 'no_stream');
        await waitUntilBlocked(gate, lockKey);

        const free = await Promise.all(
          freeWriters.map(async (writer, w) => {
            for (let i = 0; i < EVENTS_PER_FREE_WRITER; i += 1) {
              await writer.append(`free-${w}-${round}`, [{ type: 'Free', data: { w, i } }], 'any');
            }
            return writer.readStream(`free-${w}-${round}`);
          }),
        );
        const newestVisible = await gate.query<{ position: string }>(
          `SELECT max(position) AS position FROM "${schema}".events`,
        );
        // Nothing of this round may be delivered while the held append is open: it comes first.
        expect(received.length).toBe(appended.length);

        await gate.query('SELECT pg_advisory_unlock($1)', [lockKey]);
        const heldResult = await held;
        outOfOrder.push({
          held: heldResult.position.prepare,
          newestVisibleMeanwhile: BigInt(newestVisible.rows[0].position),
        });
        const [heldEvent] = await heldWriter.readStream(`held-${round}`);
        appended.push(heldEvent.id, ...free.flat().map((event) => event.id));
      }
    });
    await receiving;

    // The positive control: each held append took a position below ones already committed and
    // visible, so a reader going by position alone would have passed it.
    for (const { held, newestVisibleMeanwhile } of outOfOrder)
      expect(held).toBeLessThan(newestVisibleMeanwhile);
    expect(received).toHaveLength(expectedTotal);
    expect(new Set(received.map((event) => event.id)).size).toBe(expectedTotal);
    expect([...received.map((event) => event.id)].sort()).toEqual([...appended].sort());
    for (let i = 1; i < received.length; i += 1) {
      expect(comparePositions(received[i - 1].position, received[i].position)).toBe(-1);
    }
    const readBack: string[] = [];
    for await (const event of subscriberStore.readAll()) readBack.push(event.id);
    expect(received.map((event) => event.id)).toEqual(readBack);
  }, 60_000);
});

/** Makes every insert into a `held-…` stream wait, inside its transaction, while `lockKey` is held. */
async function holdAppendsToHeldStreams(client: Client, schema: string, lockKey: number): Promise<void> {
  await client.query(`
    CREATE FUNCTION "${schema}".hold_append() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.stream LIKE 'held-%' THEN PERFORM pg_advisory_xact_lock_shared(${lockKey}); END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER hold_append AFTER INSERT ON "${schema}".events
      FOR EACH ROW EXECUTE FUNCTION "${schema}".hold_append();`);
}

/** Waits until an append is waiting for `lockKey`: it holds its position and transaction id by then. */
function waitUntilBlocked(client: Client, lockKey: number): Promise<void> {
  return until(async () => {
    const { rows } = await client.query<{ waiting: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objid = $1) AS waiting`,
      [lockKey],
    );
    return rows[0].waiting;
  });
}

async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 5));
}
