import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { DanaFunction } from '@kios/dana-protocol';
import { eventually } from './support/eventually';
import { freePort, KiosProcess } from './support/kios-process';
import { type Sample, sampleValue, scrape } from './support/prometheus-text';

/**
 * DANA's host as far as the Order Complete Callback goes: accepts every callback with a signed
 * `S` (docs/dana-protocol.md §3.5), signing with the DANA dev key kios generated.
 */
function acceptingDana(kios: KiosProcess, port: number): Server {
  const server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      const { reqMsgId } = JSON.parse(text).request.head;
      response.setHeader('content-type', 'application/json');
      response.end(
        kios.client().signedResultResponse(DanaFunction.orderComplete, reqMsgId, {
          resultStatus: 'S',
          resultCodeId: '00000000',
          resultCode: 'SUCCESS',
          resultMsg: 'success',
        }),
      );
    });
  });
  server.listen(port, '127.0.0.1');
  return server;
}

const createOrder = 'dana.digital.goods.order.create';
const requests = 'kios_dana_request_duration_seconds_count';

describe('/metrics after a few orders (issue #9)', () => {
  let kios: KiosProcess;
  let dana: Server;
  let metricsUrl: string;

  beforeAll(async () => {
    const danaPort = await freePort();
    kios = new KiosProcess({
      env: {
        KIOS_DANA_BASE_URL: `http://127.0.0.1:${danaPort}`,
        KIOS_SIM_DELAY_MS: '300',
        KIOS_SUPPLIER_BUDGET_MS: '1000',
        KIOS_FULFILMENT_FIRST_CHECK_MS: '100',
        KIOS_FULFILMENT_MAX_CHECK_INTERVAL_MS: '200',
        KIOS_CALLBACK_POLL_MS: '50',
      },
    });
    dana = acceptingDana(kios, danaPort);
    await kios.start();
    metricsUrl = `http://127.0.0.1:${kios.port}`;

    const client = kios.client();
    const order = (ending: string) =>
      client.createOrder({
        requestId: `MET-${randomUUID()}`,
        productId: 'TSEL-10K',
        destinationInfo: { primaryParam: `081234567${ending}` },
        danaSellingPrice: { value: '1025000', currency: 'IDR' },
      });
    // docs/architecture.md §7: 991 fails at once, 992 is pending and then succeeds, others succeed at once.
    const answers = await Promise.all([order('123'), order('124'), order('991'), order('992')]);
    expect(answers.map((answer) => answer.envelope.response.body.order.orderStatus.status)).toEqual([
      'SUCCESS',
      'SUCCESS',
      'FAILED',
      'PENDING',
    ]);
    await client.productQuery({ type: 'MOBILE_CREDIT', provider: 'telkomsel' });
    const forged = client.presign('createOrder', { requestId: 'MET-FORGED' });
    const tampered = await client.send({
      ...forged,
      bodyText: forged.bodyText.replace('MET-FORGED', 'MET-FORGEX'),
    });
    expect(tampered.httpStatus).toBe(401);
  }, 30_000);

  afterAll(async () => {
    await kios.kill();
    dana.close();
  });

  /** Once the pending order settled and its callback was accepted, everything below is final. */
  const settled = (): Promise<Sample[]> =>
    eventually(async () => {
      const samples = await scrape(metricsUrl);
      expect(sampleValue(samples, 'kios_callback_attempts_total', { outcome: 'accepted' })).toBe(1);
      expect(sampleValue(samples, 'kios_projection_lag_events', { projection: 'order_detail' })).toBe(0);
      return samples;
    }, 15_000);

  it('counts DANA requests by function, HTTP status class and outcome', async () => {
    const samples = await settled();
    const count = (labels: Record<string, string>) => sampleValue(samples, requests, labels);
    expect(count({ function: createOrder, status_class: '2xx', outcome: 'SUCCESS' })).toBe(2);
    expect(count({ function: createOrder, status_class: '2xx', outcome: 'FAILED' })).toBe(1);
    expect(count({ function: createOrder, status_class: '2xx', outcome: 'PENDING' })).toBe(1);
    expect(count({ function: createOrder, status_class: '4xx', outcome: 'INVALID_SIGNATURE' })).toBe(1);
    expect(count({ function: DanaFunction.productQuery, status_class: '2xx', outcome: 'OK' })).toBe(1);
    expect(sampleValue(samples, 'kios_dana_requests_in_flight', { function: createOrder })).toBe(0);
    const slowest = sampleValue(samples, 'kios_dana_request_duration_seconds_sum', {
      function: createOrder,
      outcome: 'SUCCESS',
    });
    expect(slowest).toBeGreaterThan(0);
    expect(slowest).toBeLessThan(10);
  });

  it('shows orders by status from the read model, and the callback kios owed as accepted', async () => {
    const samples = await settled();
    expect(sampleValue(samples, 'kios_orders', { status: 'succeeded' })).toBe(3);
    expect(sampleValue(samples, 'kios_orders', { status: 'failed' })).toBe(1);
    expect(sampleValue(samples, 'kios_orders', { status: 'pending' })).toBeUndefined();
    expect(sampleValue(samples, 'kios_callback_attempts_total', { outcome: 'not_accepted' })).toBeUndefined();
  });

  it('times supplier calls by operation and outcome: the purchases, then the status check that settled the pending one', async () => {
    const samples = await settled();
    const calls = (operation: string, outcome: string) =>
      sampleValue(samples, 'kios_supplier_call_duration_seconds_count', { operation, outcome });
    expect(calls('purchase', 'succeeded')).toBe(2);
    expect(calls('purchase', 'failed')).toBe(1);
    expect(calls('purchase', 'pending')).toBe(1);
    expect(calls('checkStatus', 'succeeded')).toBe(1);
    expect(calls('inquire', 'valid')).toBeUndefined();
  });

  it('times event-store appends, shows each projection caught up and running, and the process metrics', async () => {
    const samples = await settled();
    expect(
      sampleValue(samples, 'kios_event_store_append_duration_seconds_count', { outcome: 'ok' }),
    ).toBeGreaterThan(8);
    for (const projection of ['product', 'order_detail', 'callback_outbox']) {
      expect(sampleValue(samples, 'kios_projection_lag_seconds', { projection })).toBe(0);
      expect(sampleValue(samples, 'kios_projection_running', { projection })).toBe(1);
    }
    expect(sampleValue(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sampleValue(samples, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });

  it('does not serve /docs unless KIOS_DOCS is on', async () => {
    expect((await fetch(`${metricsUrl}/docs`)).status).toBe(404);
    expect((await fetch(`${metricsUrl}/docs/openapi.json`)).status).toBe(404);
  });
});
