import { randomBytes } from 'node:crypto';
import type { DanaClient, DanaOrder, PresignedRequest } from '@kios/dana-protocol';
import { TEST_POSTGRES_URL } from '@kios/testing';
import { Client } from 'pg';
import { eventually } from './support/eventually';
import { KiosProcess } from './support/kios-process';
import { telcoOrderBody } from './support/order-tests';

const EVENTS_SCHEMA = `kios_e2e_events_${randomBytes(5).toString('hex')}`;
const READ_SCHEMA = `kios_e2e_read_${randomBytes(5).toString('hex')}`;

/**
 * kios on the PostgreSQL event store (docs/architecture.md §5), read model on the same server: a
 * Create Order answered at once and one answered PENDING and settled by the fulfilment follow-up,
 * both read back with Get Order Detail; the events are in the schema the URL names, hash-chained.
 */
describe('kios with KIOS_EVENT_STORE=postgres://…', () => {
  const kios = new KiosProcess({
    env: {
      KIOS_EVENT_STORE: `${TEST_POSTGRES_URL}?schema=${EVENTS_SCHEMA}`,
      KIOS_READ_MODEL: `${TEST_POSTGRES_URL}?schema=${READ_SCHEMA}`,
      KIOS_DANA_BASE_URL: 'http://127.0.0.1:9',
      KIOS_SIM_DELAY_MS: '300',
      KIOS_FULFILMENT_FIRST_CHECK_MS: '150',
      KIOS_FULFILMENT_MAX_CHECK_INTERVAL_MS: '400',
    },
  });
  const db = new Client({ connectionString: TEST_POSTGRES_URL });
  let dana: DanaClient;
  beforeAll(async () => {
    await kios.start();
    await db.connect();
    dana = kios.client();
  }, 30_000);
  afterAll(async () => {
    await kios.kill();
    for (const schema of [EVENTS_SCHEMA, READ_SCHEMA])
      await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db.end();
  });

  async function call<Body>(request: PresignedRequest): Promise<Body> {
    const reply = await dana.send(request);
    expect(reply.httpStatus).toBe(200);
    return reply.envelope.response.body as Body;
  }
  const createOrder = async (body: object) =>
    (await call<{ order: DanaOrder }>(dana.presign('createOrder', body))).order;
  const orderDetail = async (requestId: string) =>
    (await call<{ orders: DanaOrder[] }>(dana.presign('orderQuery', { orderIdentifiers: [{ requestId }] })))
      .orders[0];
  const storedEvents = async (requestId: string) =>
    (
      await db.query<{ type: string; hash: string | null }>(
        `SELECT type, metadata->>'hash' AS hash FROM "${EVENTS_SCHEMA}".events WHERE stream = $1 ORDER BY revision`,
        [`order-${requestId}`],
      )
    ).rows;

  it('serves a Create Order and Get Order Detail, storing the order’s events in its schema', async () => {
    const body = telcoOrderBody('081234567345');
    const order = await createOrder(body);

    expect(order.orderStatus).toMatchObject({ code: '10', status: 'SUCCESS' });
    expect(await orderDetail(body.requestId)).toEqual(order);
    const events = await storedEvents(body.requestId);
    expect(events.map((event) => event.type)).toEqual([
      'OrderPlaced',
      'FulfilmentRequested',
      'OrderSucceeded',
    ]);
    expect(events.every((event) => /^[0-9a-f]{64}$/.test(event.hash ?? ''))).toBe(true);
  });

  it('settles a PENDING order through the follow-up, and projects it, reading $all from PostgreSQL', async () => {
    const body = telcoOrderBody('081234567992');
    const order = await createOrder(body);
    expect(order.orderStatus).toMatchObject({ code: '20', status: 'PENDING' });

    const settled = await eventually(async () => {
      const detail = await orderDetail(body.requestId);
      expect(detail.orderStatus).toMatchObject({ code: '10', status: 'SUCCESS' });
      return detail;
    }, 10_000);
    expect(settled.requestId).toBe(body.requestId);
    // The projections follow the store's $all: their checkpoint reaches the order's last event.
    const [last] = (
      await db.query<{ transaction_id: string; position: string }>(
        `SELECT transaction_id::text, position FROM "${EVENTS_SCHEMA}".events WHERE stream = $1 ORDER BY revision DESC LIMIT 1`,
        [`order-${body.requestId}`],
      )
    ).rows;
    await eventually(async () => {
      const { rows } = await db.query<{ position: string }>(
        `SELECT position FROM "${READ_SCHEMA}".projection_checkpoint WHERE name = 'order_detail'`,
      );
      const [commit, prepare] = rows[0].position.split('/').map(BigInt);
      const lastCommit = BigInt(last.transaction_id);
      expect(commit > lastCommit || (commit === lastCommit && prepare >= BigInt(last.position))).toBe(true);
    }, 10_000);
  });
});
