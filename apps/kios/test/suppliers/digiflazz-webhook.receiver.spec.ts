import { createHmac } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { CommandBus } from '@nestjs/cqrs';
import type { DigiflazzWebhookResult, RecordDigiflazzWebhook } from '@kios/ordering';
import { KiosMetrics } from '../../src/observability/metrics/kios-metrics';
import { DigiflazzWebhookReceiver } from '../../src/suppliers/digiflazz-webhook.receiver';

const SECRET = 'webhook-secret-for-the-spec';
const DELIVERY = '72d3162e-cc78-11e3-81ab-4c9367dc0958';

const body = (fields: Record<string, unknown> = {}) =>
  Buffer.from(
    JSON.stringify({
      data: { ref_id: 'KIOS-ABC', rc: '00', status: 'Sukses', message: 'Sukses', sn: 'SN-1', ...fields },
    }),
  );
const sign = (raw: Buffer, secret = SECRET) => `sha1=${createHmac('sha1', secret).update(raw).digest('hex')}`;
const headers = (raw: Buffer, extra: Record<string, string> = {}) => ({
  'x-digiflazz-event': 'update',
  'x-digiflazz-delivery': DELIVERY,
  'x-hub-signature': sign(raw),
  ...extra,
});

/** The CommandBus as the receiver sees it: what it was asked to record, and a result it answers. */
function commandBus(result: Partial<DigiflazzWebhookResult> = {}) {
  const executed: RecordDigiflazzWebhook[] = [];
  const bus = {
    execute: async (command: RecordDigiflazzWebhook) => {
      executed.push(command);
      return {
        result: 'recorded',
        deliveryId: command.deliveryId,
        requestId: 'REQ-1',
        recorded: ['OrderSucceeded'],
        reversed: false,
        ...result,
      };
    },
  } as unknown as CommandBus;
  return { bus, executed };
}

async function counted(metrics: KiosMetrics, name: string, labels: Record<string, string>): Promise<number> {
  const metric = (await metrics.registry.getMetricsAsJSON()).find((entry) => entry.name === name);
  const sample = metric?.values.find((value) =>
    Object.entries(labels).every(([key, v]) => value.labels[key] === v),
  );
  return Number(sample?.value ?? 0);
}

describe('the Digiflazz webhook endpoint (DigiflazzWebhookReceiver)', () => {
  let warnings: jest.SpyInstance;
  let metrics: KiosMetrics;

  beforeEach(() => {
    Logger.overrideLogger(false);
    warnings = jest.spyOn(Logger.prototype, 'warn');
    metrics = new KiosMetrics();
  });
  afterEach(() => {
    warnings.mockRestore();
    Logger.overrideLogger(['log', 'error', 'warn']);
  });

  const receiver = (bus: CommandBus, secret: string | null = SECRET) =>
    new DigiflazzWebhookReceiver(
      {
        digiflazz: {
          baseUrl: 'http://x',
          username: 'u',
          key: 'k',
          testing: false,
          timeoutMs: 1,
          statusCheckMinIntervalMs: 0,
          ...(secret === null ? {} : { webhookSecret: secret }),
        },
      },
      bus,
      metrics,
    );

  it('records a signed webhook under its delivery id and answers 200 with what became of it', async () => {
    const { bus, executed } = commandBus();
    const raw = body();
    const answer = await receiver(bus).receive(raw, headers(raw));
    expect(answer).toEqual({
      httpStatus: 200,
      body: {
        result: 'recorded',
        deliveryId: DELIVERY,
        requestId: 'REQ-1',
        recorded: ['OrderSucceeded'],
        reversed: false,
      },
    });
    expect(executed).toHaveLength(1);
    expect(executed[0].deliveryId).toBe(DELIVERY);
    expect(executed[0].webhook).toMatchObject({ event: 'update', refId: 'KIOS-ABC', rc: '00' });
    expect(await counted(metrics, 'kios_supplier_webhooks_total', { result: 'recorded' })).toBe(1);
  });

  it.each([
    ['no X-Hub-Signature', () => ({ 'x-hub-signature': '' })],
    [
      'a signature under another secret',
      (raw: Buffer) => ({ 'x-hub-signature': sign(raw, 'not-the-secret') }),
    ],
    ['a signature of other bytes', () => ({ 'x-hub-signature': sign(body({ rc: '74' })) })],
    [
      'sha256 instead of sha1',
      (raw: Buffer) => ({ 'x-hub-signature': sign(raw).replace('sha1=', 'sha256=') }),
    ],
  ])('answers 401 to %s and records nothing', async (_, change) => {
    const { bus, executed } = commandBus();
    const raw = body();
    const answer = await receiver(bus).receive(raw, { ...headers(raw), ...change(raw) });
    expect(answer.httpStatus).toBe(401);
    expect(answer.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    expect(executed).toHaveLength(0);
    expect(await counted(metrics, 'kios_supplier_webhooks_total', { result: 'unauthorized' })).toBe(1);
  });

  it('refuses every webhook (401) without a configured secret, and says so in the log once, at start', async () => {
    const { bus, executed } = commandBus();
    const endpoint = receiver(bus, null);
    expect(warnings).toHaveBeenCalledTimes(1);
    expect(warnings.mock.calls[0][0]).toContain('KIOS_DIGIFLAZZ_WEBHOOK_SECRET is not set');
    const raw = body();
    const answer = await endpoint.receive(raw, headers(raw));
    expect(answer).toMatchObject({
      httpStatus: 401,
      body: { message: expect.stringContaining('no webhook secret') },
    });
    expect(executed).toHaveLength(0);
    expect(warnings).toHaveBeenCalledTimes(1);
    expect(await counted(metrics, 'kios_supplier_webhooks_total', { result: 'unauthorized' })).toBe(1);
  });

  it('checks the signature before reading the body: garbage with a bad signature is 401, signed garbage 400', async () => {
    const { bus, executed } = commandBus();
    const garbage = Buffer.from('{"data": ');
    await expect(
      receiver(bus).receive(garbage, { ...headers(garbage), 'x-hub-signature': 'sha1=00' }),
    ).resolves.toMatchObject({
      httpStatus: 401,
    });
    await expect(receiver(bus).receive(garbage, headers(garbage))).resolves.toEqual({
      httpStatus: 400,
      body: { statusCode: 400, error: 'Bad Request', message: 'the body is not JSON' },
    });
    expect(executed).toHaveLength(0);
  });

  it.each([
    ['an unknown event', { 'x-digiflazz-event': 'delete' }, /X-Digiflazz-Event/],
    ['a delivery id unfit for a stream name', { 'x-digiflazz-delivery': 'a/b c' }, /X-Digiflazz-Delivery/],
  ])('answers 400 to %s', async (_, extra, message) => {
    const { bus, executed } = commandBus();
    const raw = body();
    const answer = await receiver(bus).receive(raw, headers(raw, extra));
    expect(answer).toMatchObject({ httpStatus: 400, body: { message: expect.stringMatching(message) } });
    expect(executed).toHaveLength(0);
  });

  it('answers a signed ping 200 and records nothing', async () => {
    const { bus, executed } = commandBus();
    const raw = Buffer.from('{"hook":"ping"}');
    await expect(receiver(bus).receive(raw, headers(raw, { 'x-digiflazz-event': 'ping' }))).resolves.toEqual({
      httpStatus: 200,
      body: { result: 'ping' },
    });
    expect(executed).toHaveLength(0);
  });

  it('names a delivery without X-Digiflazz-Delivery by its bytes, so the same body is the same delivery', async () => {
    const { bus, executed } = commandBus();
    const raw = body();
    const { 'x-digiflazz-delivery': _none, ...withoutId } = headers(raw);
    await receiver(bus).receive(raw, withoutId);
    await receiver(bus).receive(raw, withoutId);
    const other = body({ rc: '74', status: 'Gagal' });
    await receiver(bus).receive(other, { ...withoutId, 'x-hub-signature': sign(other) });
    expect(executed.map((command) => command.deliveryId)).toEqual([
      expect.stringMatching(/^sha256-[0-9a-f]{64}$/),
      executed[0].deliveryId,
      expect.not.stringMatching(executed[0].deliveryId),
    ]);
  });

  it('counts a reversal in kios_supplier_reversals_total', async () => {
    const raw = body({ rc: '74', status: 'Gagal', message: 'Transaksi Refund' });
    const quiet = commandBus({ recorded: ['OrderSucceeded'], reversed: false });
    await receiver(quiet.bus).receive(raw, headers(raw));
    expect(await counted(metrics, 'kios_supplier_reversals_total', { supplier: 'digiflazz' })).toBe(0);
    const reversal = commandBus({ recorded: ['FulfilmentReversed'], reversed: true });
    await receiver(reversal.bus).receive(raw, headers(raw));
    expect(await counted(metrics, 'kios_supplier_reversals_total', { supplier: 'digiflazz' })).toBe(1);
  });
});
