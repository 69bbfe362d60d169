import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DanaPath,
  devKeyPaths,
  formatDanaTime,
  loadPrivateKey,
  signedEnvelope,
  systemClock,
} from '@kios/dana-protocol';
import { eventually } from './support/eventually';
import { KiosProcess } from './support/kios-process';
import { testLogDir } from './support/log-capture';

type LogLine = Record<string, unknown> & { msg?: string };

describe('kios logs (issue #9)', () => {
  const kios = new KiosProcess({
    env: {
      KIOS_LOG_LEVEL: 'debug',
      KIOS_SUPPLIER_BUDGET_MS: '1000',
      KIOS_DANA_BASE_URL: 'http://127.0.0.1:9',
    },
  });

  beforeAll(() => kios.start(), 30_000);
  afterAll(() => kios.kill());

  const logLines = (): LogLine[] =>
    kios.log
      .split('\n')
      .filter((text) => text.trim() !== '')
      .map((text) => JSON.parse(text) as LogLine);

  const createOrder = (requestId: string, primaryParam: string) =>
    kios.client().presign('createOrder', {
      requestId,
      productId: 'TSEL-10K',
      destinationInfo: { primaryParam },
      danaSellingPrice: { value: '1025000', currency: 'IDR' },
    });

  /** A request signed with DANA's dev key whose head.function is `fn`: kios logs what it refuses. */
  async function sendWithFunction(fn: string) {
    const keys = devKeyPaths(kios.dataDir);
    const danaKey = loadPrivateKey(readFileSync(keys.danaPrivateKey, 'utf8'), keys.danaPrivateKey);
    const head = {
      version: '2.0',
      function: fn,
      reqTime: formatDanaTime(systemClock.now()),
      reqMsgId: randomUUID(),
    };
    const body = signedEnvelope(
      'request',
      { head, body: { type: 'MOBILE_CREDIT', provider: 'xl' } },
      danaKey,
    );
    const response = await fetch(`${kios.baseUrl}${DanaPath.productQuery}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    return {
      status: response.status,
      reqMsgId: head.reqMsgId,
      signature: JSON.parse(body).signature as string,
    };
  }

  it('writes one JSON object a line when its output is not a terminal, start-up line included', () => {
    const lines = logLines();
    const started = lines.find((line) => line.msg?.startsWith('kios listening on'));
    // The address as bound (KIOS_HOST), then a URL for this host.
    const { port } = new URL(kios.baseUrl);
    expect(started?.msg).toContain(`kios listening on 127.0.0.1:${port}, http://127.0.0.1:${port} (`);
    expect(lines.every((line) => typeof line.level === 'number' && typeof line.time === 'string')).toBe(true);
  });

  it('tags every line of a Create Order with its reqMsgId, function and requestId, and the last with its orderId', async () => {
    const requestId = `LOG-${randomUUID()}`;
    const request = createOrder(requestId, '081234567123');
    const reply = await kios.client().send(request);
    expect(reply.httpStatus).toBe(200);
    const { orderId } = reply.envelope.response.body.order;

    const ofOrder = await eventually(async () => {
      const lines = logLines().filter(
        (line) => line.reqMsgId === request.reqMsgId || JSON.stringify(line).includes(requestId),
      );
      expect(lines.map((line) => line.msg)).toContain('request completed');
      return lines;
    });
    // The event-store appends (debug) are logged from deep inside the command handler.
    expect(ofOrder.filter((line) => line.context === 'EventStore').length).toBeGreaterThanOrEqual(2);
    for (const line of ofOrder) {
      expect(line).toMatchObject({
        reqMsgId: request.reqMsgId,
        function: 'dana.digital.goods.order.create',
        requestId,
      });
    }
    expect(ofOrder.find((line) => line.msg === 'request completed')).toMatchObject({
      orderId,
      res: { statusCode: 200 },
    });
  });

  it('writes no line for the probes (/health, /ready, /metrics), one for every other request', async () => {
    for (const path of ['/health', '/ready', '/metrics', '/nothing-here']) {
      await fetch(`${kios.baseUrl}${path}`);
    }
    // The control: the unknown path's 404 is logged, so the probes' lines would have been by now.
    const completed = await eventually(async () => {
      const found = logLines().filter((line) => line.msg === 'request completed');
      expect(found.map((line) => (line.req as { url: string }).url)).toContain('/nothing-here');
      return found;
    });
    const urls = completed.map((line) => (line.req as { url: string }).url);
    for (const probe of ['/health', '/ready', '/metrics']) expect(urls).not.toContain(probe);
    expect(completed.find((line) => (line.req as { url: string }).url === '/nothing-here')).toMatchObject({
      level: 40,
      res: { statusCode: 404 },
      reqId: expect.any(String),
      responseTime: expect.any(Number),
    });
  });

  it('tags the lines of work done for an order after its request (follow-up, callback) with its requestId field', async () => {
    // §7: a number ending in 992 is PENDING, then SUCCESS; the callback then owed goes to a closed port.
    const requestId = `LOG-LATER-${randomUUID()}`;
    const request = createOrder(requestId, '081234567992');
    const reply = await kios.client().send(request);
    expect(reply.envelope.response.body.order.orderStatus.status).toBe('PENDING');

    const later = await eventually(async () => {
      const lines = logLines().filter(
        (line) => line.reqMsgId === undefined && JSON.stringify(line).includes(requestId),
      );
      expect(lines.map((line) => line.context)).toEqual(
        expect.arrayContaining(['EventStore', 'OrderCallback']),
      );
      return lines;
    }, 20_000);
    for (const line of later) expect(line).toMatchObject({ requestId });
  }, 30_000);

  it('identifies a refused request by its reqMsgId, and masks the phone number DANA sent to its last 4 digits', async () => {
    const refused = await sendWithFunction('081234567890');
    expect(refused.status).toBe(400);
    const lines = await eventually(async () => {
      const found = logLines().filter((line) => line.reqMsgId === refused.reqMsgId);
      expect(found.length).toBeGreaterThanOrEqual(2);
      return found;
    });
    const warning = lines.find((line) => line.context === 'DanaHttp');
    expect(warning?.msg).toContain('got ********7890');
    expect(kios.log).not.toContain('081234567890');
  });

  it('masks a card number and never writes a signature or a key', async () => {
    const refused = await sendWithFunction('4111111111111111');
    await eventually(async () => expect(kios.log).toContain('got ************1111'));
    expect(kios.log).not.toContain('4111111111111111');
    expect(kios.log).not.toContain(refused.signature);
    for (const file of Object.values(devKeyPaths(kios.dataDir)).filter((path) => path.endsWith('.pem'))) {
      const keyLines = readFileSync(file, 'utf8')
        .split('\n')
        .filter((text) => /^[A-Za-z0-9+/=]{40,}$/.test(text));
      for (const keyLine of keyLines) expect(kios.log).not.toContain(keyLine);
    }
  });

  it("hands its output to the end-of-run leak scan: every kios process's log is captured", () => {
    const dir = testLogDir();
    expect(dir).toBeDefined();
    const captured = readdirSync(dir!).map((file) => readFileSync(join(dir!, file), 'utf8'));
    expect(captured.some((log) => log.includes(kios.log.split('\n')[0]))).toBe(true);
  });
});
