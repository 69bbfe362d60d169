import type { DanaClient, DanaOrder } from '@kios/dana-protocol';
import { startSupplierSim, type SupplierSim } from '../apps/supplier-sim/src';
import { digiflazzEnv, DigiflazzShop } from './support/digiflazz-shop';
import { eventually } from './support/eventually';
import { KiosProcess } from './support/kios-process';
import { telcoOrderBody } from './support/order-tests';

/**
 * kios buying from Digiflazz (supplier-sim in this process, suffix table) while DANA sends a stream
 * of concurrent Create Orders, killed with SIGKILL several times mid-call and restarted on the same
 * files. DANA retries a Create Order that got no answer under the same requestId, as it does after a
 * timeout. Afterwards every order is final as its number says, an order answered SUCCESS is still
 * SUCCESS with the same serial number, and supplier-sim's own log shows each order bought once,
 * under its own ref_id: a restart never buys again under a new reference (docs/digiflazz.md §4).
 */
const PENDING_DELAY_MS = 1500;
const SLOW_ANSWER_MS = 2500;
const DIGIFLAZZ_TIMEOUT_MS = 800;
const SUPPLIER_BUDGET_MS = 1000;
const WORKERS = 3;
const KILLS = 3;
const RUNNING_BETWEEN_KILLS_MS = 1500;
/** A Create Order this long on its way has reached kios, which is waiting for supplier-sim. */
const MID_CALL_MS = 200;
const RETRY_AFTER_MS = 200;

/** The suffix table's ends (docs/architecture.md §7): success, failure, pending either way, past the timeout. */
const ENDS = [
  { end: '345', final: 'SUCCESS' },
  { end: '991', final: 'FAILED' },
  { end: '992', final: 'SUCCESS' },
  { end: '993', final: 'FAILED' },
  { end: '994', final: 'SUCCESS' },
] as const;

interface StreamedOrder {
  body: ReturnType<typeof telcoOrderBody>;
  final: 'SUCCESS' | 'FAILED';
  /** Create Order's answer, once one came. */
  answer?: DanaOrder;
  /** When the request now on its way was sent; undefined when none is. */
  sentAt?: number;
  /** Sends that got no answer (kios was killed under them, or was down). */
  unanswered: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** DANA's Create Orders, `WORKERS` at a time, each retried under its requestId until answered. */
function createOrderStream(dana: () => DanaClient) {
  let running = true;
  const orders: StreamedOrder[] = [];
  const send = async (order: StreamedOrder) => {
    for (;;) {
      order.sentAt = Date.now();
      try {
        const client = dana();
        const reply = await client.send(client.presign('createOrder', order.body));
        if (reply.httpStatus === 200 && reply.signature.ok) {
          order.answer = reply.envelope.response.body.order;
          return;
        }
      } catch {
        // No answer: the connection died with kios, or kios is not listening yet.
      } finally {
        order.sentAt = undefined;
      }
      order.unanswered += 1;
      await sleep(RETRY_AFTER_MS);
    }
  };
  const worker = async (id: number) => {
    for (let n = 0; running; n += 1) {
      const { end, final } = ENDS[(id + n) % ENDS.length];
      const order: StreamedOrder = {
        body: telcoOrderBody(`0812${id}${String(n).padStart(4, '0')}${end}`),
        final,
        unanswered: 0,
      };
      orders.push(order);
      await send(order);
    }
  };
  const workers = Array.from({ length: WORKERS }, (_, id) => worker(id));
  return {
    /** Resolves once a Create Order has been on its way for MID_CALL_MS. */
    async midCall(): Promise<void> {
      await eventually(
        async () => {
          const now = Date.now();
          expect(
            orders.some((order) => order.sentAt !== undefined && now - order.sentAt >= MID_CALL_MS),
          ).toBe(true);
        },
        10_000,
        10,
      );
    },
    async stop(): Promise<StreamedOrder[]> {
      running = false;
      await Promise.all(workers);
      return orders;
    },
  };
}

describe('kios buying from Digiflazz (supplier-sim), killed with SIGKILL during a stream of Create Orders', () => {
  let sim: SupplierSim;
  let kios: KiosProcess;
  let dana: DanaClient;

  beforeAll(async () => {
    sim = await startSupplierSim({ pendingDelayMs: PENDING_DELAY_MS, slowAnswerMs: SLOW_ANSWER_MS });
    kios = new KiosProcess({
      env: {
        KIOS_DANA_BASE_URL: 'http://127.0.0.1:9',
        ...digiflazzEnv(sim, { KIOS_DIGIFLAZZ_TIMEOUT_MS: String(DIGIFLAZZ_TIMEOUT_MS) }),
        KIOS_SUPPLIER_BUDGET_MS: String(SUPPLIER_BUDGET_MS),
        KIOS_FULFILMENT_FIRST_CHECK_MS: '150',
        KIOS_FULFILMENT_MAX_CHECK_INTERVAL_MS: '400',
      },
    });
    await kios.start();
    dana = kios.client();
  }, 30_000);

  afterAll(async () => {
    await kios?.kill();
    await sim?.close();
  });

  it('buys every order once under its own ref_id, brings each to its final state and keeps every SUCCESS', async () => {
    const stream = createOrderStream(() => dana);
    for (let kill = 0; kill < KILLS; kill += 1) {
      await sleep(RUNNING_BETWEEN_KILLS_MS);
      await stream.midCall();
      await kios.kill('SIGKILL');
      dana = (await kios.restart()).client();
    }
    await sleep(RUNNING_BETWEEN_KILLS_MS);
    const orders = await stream.stop();

    // The kills hit Create Orders on their way, and the stream covered every end of the table.
    expect(orders.filter((order) => order.unanswered > 0).length).toBeGreaterThanOrEqual(KILLS);
    expect(new Set(orders.map((order) => order.body.destinationInfo.primaryParam.slice(-3))).size).toBe(
      ENDS.length,
    );

    const shop = new DigiflazzShop(sim, () => dana);
    for (const order of orders) {
      const final = await eventually(async () => {
        const detail = await shop.orderDetail(order.body.requestId);
        expect(detail.orderStatus.status).toBe(order.final);
        return detail;
      }, 15_000);
      expect(final.orderId).toBe(order.answer!.orderId);
      if (order.answer!.orderStatus.status === 'SUCCESS') {
        expect(final.serialNumber).toBe(order.answer!.serialNumber);
      }
      await shop.expectOneRefOneTransaction(order.body.requestId, order.body.destinationInfo);
    }
    // Nothing bought beyond the orders: one transaction each at supplier-sim, and no other.
    expect(sim.transactions()).toHaveLength(orders.length);
  }, 60_000);
});
