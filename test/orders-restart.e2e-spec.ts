import type { DanaClient, DanaOrder } from '@kios/dana-protocol';
import { eventually } from './support/eventually';
import { KiosData } from './support/kios-data';
import { kiosForOrderTests, telcoOrderBody } from './support/order-tests';

const SIM_DELAY_MS = 2000;
const SUPPLIER_BUDGET_MS = 1000;

describe('kios killed with SIGKILL while orders are pending', () => {
  const kios = kiosForOrderTests({
    KIOS_SIM_DELAY_MS: String(SIM_DELAY_MS),
    KIOS_SUPPLIER_BUDGET_MS: String(SUPPLIER_BUDGET_MS),
    KIOS_FULFILMENT_FIRST_CHECK_MS: '200',
    KIOS_FULFILMENT_MAX_CHECK_INTERVAL_MS: '500',
  });
  let dana: DanaClient;
  beforeAll(() => {
    dana = kios.client();
  });

  const detail = async (requestId: string): Promise<DanaOrder> => {
    const reply = await dana.send(dana.presign('orderQuery', { orderIdentifiers: [{ requestId }] }));
    return reply.envelope.response.body.orders[0];
  };

  it('brings every pending order to its final state after a restart, buying each once', async () => {
    const pending = [
      { body: telcoOrderBody('081234567992'), finalCode: '10' },
      { body: telcoOrderBody('081234568992'), finalCode: '10' },
      { body: telcoOrderBody('081234567993'), finalCode: '30' },
      { body: telcoOrderBody('081234567994'), finalCode: '10' },
    ];
    const answers = await Promise.all(
      pending.map(
        async ({ body }) => (await dana.send(dana.presign('createOrder', body))).envelope.response.body.order,
      ),
    );
    expect(answers.map((order: DanaOrder) => order.orderStatus.code)).toEqual(['20', '20', '20', '20']);

    // Killed mid-call: Create Order stored the order and asked the supplier, which has not answered yet.
    const midCall = telcoOrderBody('081234569994');
    const unanswered = dana.send(dana.presign('createOrder', midCall)).then(
      (reply) => `answered HTTP ${reply.httpStatus}`,
      (error: Error) => `no answer: ${error.message}`,
    );
    const data = new KiosData(kios.dataDir);
    await eventually(
      async () => expect(data.supplierPurchaseCalls(midCall.requestId).purchased).toBe(1),
      5000,
      20,
    );

    await kios.kill('SIGKILL');
    expect(await unanswered).toMatch(/^no answer/);
    for (const { body } of pending) {
      expect(
        (await data.orderEventTypes(body.requestId)).some(
          (type) => type === 'OrderSucceeded' || type === 'OrderFailed',
        ),
      ).toBe(false);
    }

    dana = (await kios.restart()).client();
    for (const { body, finalCode } of [...pending, { body: midCall, finalCode: '10' }]) {
      const final = await eventually(async () => {
        const order = await detail(body.requestId);
        expect(order.orderStatus.code).toBe(finalCode);
        return order;
      }, 15_000);
      expect(data.supplierPurchaseCalls(body.requestId)).toEqual({ purchased: 1, repeated: 0 });
      if (finalCode === '10') expect(final.serialNumber).toMatch(/^\d{16}$/);
    }
    // DANA never got an answer to the order killed mid-call: it is PENDING to DANA, owed a callback.
    expect(await data.orderEventTypesWithoutCallbacks(midCall.requestId)).toEqual([
      'OrderPlaced',
      'FulfilmentRequested',
      'FulfilmentInDoubt',
      'OrderMarkedPending',
      'OrderSucceeded',
    ]);
  }, 45_000);
});
