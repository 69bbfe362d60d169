// Long on purpose: the admin API and the timeline page against one kios (its start-up is most of the run), every route's guard, each view beside the others.
import { randomUUID } from 'node:crypto';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDevKeys } from '@kios/dana-protocol';
import { launchChromium } from './support/chromium';
import { DanaSim } from './support/dana-sim-process';
import { eventually } from './support/eventually';
import { KiosData } from './support/kios-data';
import { KiosProcess, tempDataDir } from './support/kios-process';

const ADMIN_ROUTES: Array<[method: string, path: string]> = [
  ['GET', '/admin/projections'],
  ['POST', '/admin/projections/all/rebuild'],
  ['DELETE', '/admin/projections/order_detail/rebuild'],
  ['GET', '/admin/verify'],
  ['GET', '/admin/orders/ANY-ORDER/history'],
  ['GET', '/admin/orders/ANY-ORDER/verify'],
  ['GET', '/admin/orders/ANY-ORDER/timeline'],
  ['GET', '/admin/orders'],
  ['POST', '/admin/orders/ANY-ORDER/callback/retry'],
  ['POST', '/admin/orders/ANY-ORDER/settle'],
  ['POST', '/admin/sign-out'],
  ['GET', '/admin/exports/orders'],
];

interface HistoryDocument {
  events: Array<{ type: string; recordedAt: string; correlationId: string; data: Record<string, unknown> }>;
}

const NEEDS_SESSION_OR_TOKEN =
  'the admin API needs a session (sign in at /admin/sign-in) or Authorization: Bearer <KIOS_ADMIN_TOKEN>';

describe('admin API without KIOS_ADMIN_TOKEN', () => {
  const kios = new KiosProcess({ env: { KIOS_DANA_BASE_URL: 'http://127.0.0.1:9' } });
  beforeAll(() => kios.start(), 30_000);
  afterAll(() => kios.kill());

  it('is mounted, and lets nobody in: 401 on every route, with or without a bearer token', async () => {
    for (const [method, path] of ADMIN_ROUTES) {
      for (const headers of [{}, { authorization: 'Bearer anything' }] as Record<string, string>[]) {
        const response = await fetch(`http://127.0.0.1:${kios.port}${path}`, { method, headers });
        expect({ route: `${method} ${path}`, status: response.status }).toEqual({
          route: `${method} ${path}`,
          status: 401,
        });
        expect(await response.json()).toEqual({
          statusCode: 401,
          error: 'Unauthorized',
          message: NEEDS_SESSION_OR_TOKEN,
        });
      }
    }
  });

  it('sends a browser asking for a page to the sign-in page (303), which is served', async () => {
    const page = await fetch(`http://127.0.0.1:${kios.port}/admin/orders/ANY-ORDER/timeline`, {
      headers: { accept: 'text/html' },
      redirect: 'manual',
    });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/admin/sign-in?next=%2Fadmin%2Forders%2FANY-ORDER%2Ftimeline');
    const signIn = await fetch(`http://127.0.0.1:${kios.port}/admin/sign-in`);
    expect(signIn.status).toBe(200);
    expect(await signIn.text()).toContain('<form method="post" action="/admin/sign-in">');
  });
});

describe('admin API with KIOS_ADMIN_TOKEN', () => {
  const token = `admin-${randomUUID()}`;
  const keysHome = tempDataDir('kios-admin-keys-');
  let sim: DanaSim;
  let kios: KiosProcess;
  let base: string;
  const asAdmin = { authorization: `Bearer ${token}` };

  beforeAll(async () => {
    ensureDevKeys(keysHome);
    sim = await DanaSim.start(keysHome);
    const dataDir = tempDataDir();
    cpSync(join(keysHome, 'keys'), join(dataDir, 'keys'), { recursive: true });
    kios = new KiosProcess({
      dataDir,
      env: {
        KIOS_ADMIN_TOKEN: token,
        KIOS_DANA_BASE_URL: sim.baseUrl,
        // Over a second, so pending and success never share one (the test reads the state in between).
        KIOS_SIM_DELAY_MS: '1200',
        // Not GMT+7: every time the pages and history show must be GMT+7 all the same.
        TZ: 'America/New_York',
        KIOS_FULFILMENT_FIRST_CHECK_MS: '200',
        KIOS_CALLBACK_SCHEDULE: '200ms,400ms',
        KIOS_CALLBACK_POLL_MS: '100',
      },
    });
    await kios.start();
    base = `http://127.0.0.1:${kios.port}`;
  }, 60_000);

  afterAll(async () => {
    await kios?.kill();
    await sim?.stop();
  });

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions say what the body holds
  const getJson = async (path: string): Promise<{ status: number; body: any }> => {
    const response = await fetch(`${base}${path}`, { headers: asAdmin });
    return { status: response.status, body: await response.json() };
  };

  /** A PENDING order that succeeds later; DANA answers its first callback with HTTP 500, the second with S. */
  async function pendingOrderWithCallbackRetry(): Promise<{ requestId: string; history: HistoryDocument }> {
    await sim.misbehave({ next: ['http500'] });
    const requestId = `ADMIN-${randomUUID()}`;
    const reply = await kios.client().createOrder({
      requestId,
      productId: 'TSEL-10K',
      destinationInfo: { primaryParam: '081234567992' },
      danaSellingPrice: { value: '1025000', currency: 'IDR' },
    });
    expect(reply.envelope.response.body.order.orderStatus.status).toBe('PENDING');
    const history = await eventually(async () => {
      const { body } = await getJson(`/admin/orders/${requestId}/history`);
      expect((body as HistoryDocument).events.map((event) => event.type)).toContain('CallbackDelivered');
      return body as HistoryDocument;
    }, 20_000);
    return { requestId, history };
  }

  it('answers 401 without the token, with a wrong one or a near miss, and never echoes what was sent', async () => {
    const attempts: Array<Record<string, string>> = [
      {},
      { authorization: 'Bearer wrong-token' },
      { authorization: `Bearer ${token.slice(0, -1)}` },
      { authorization: `Bearer ${token}x` },
      { authorization: `Basic ${Buffer.from(`admin:${token}`).toString('base64')}` },
      { authorization: token },
    ];
    for (const [method, path] of ADMIN_ROUTES) {
      for (const headers of attempts) {
        const response = await fetch(`${base}${path}`, { method, headers });
        const body = await response.text();
        expect({ route: `${method} ${path}`, sent: headers, status: response.status }).toEqual({
          route: `${method} ${path}`,
          sent: headers,
          status: 401,
        });
        expect(response.headers.get('www-authenticate')).toBe('Bearer realm="kios-admin"');
        expect(JSON.parse(body)).toEqual({
          statusCode: 401,
          error: 'Unauthorized',
          message: NEEDS_SESSION_OR_TOKEN,
        });
      }
    }
    expect(kios.log).not.toContain(token);
  });

  it('serves the history, the order at a moment, the chain verification and the projections status', async () => {
    const { requestId, history } = await pendingOrderWithCallbackRetry();
    const types = history.events.map((event) => event.type);
    expect(types).toEqual([
      'OrderPlaced',
      'FulfilmentRequested',
      'OrderMarkedPending',
      'OrderSucceeded',
      'CallbackAttempted',
      'CallbackDelivered',
    ]);

    const pendingAt = history.events[2].recordedAt;
    const atPending = await getJson(`/admin/orders/${requestId}/history?at=${encodeURIComponent(pendingAt)}`);
    expect(atPending.status).toBe(200);
    expect(atPending.body.state).toMatchObject({
      status: 'pending',
      danaStatus: 'PENDING',
      answeredPending: true,
    });

    const badTime = await getJson(`/admin/orders/${requestId}/history?at=yesterday`);
    expect(badTime.status).toBe(400);
    expect(badTime.body.message).toContain('at "yesterday" is not a time');
    const unknown = await getJson('/admin/orders/NO-SUCH-ORDER/history');
    expect(unknown).toEqual({
      status: 404,
      body: { statusCode: 404, error: 'Not Found', message: 'no order with requestId NO-SUCH-ORDER' },
    });

    expect((await getJson(`/admin/orders/${requestId}/verify`)).body).toMatchObject({
      intact: true,
      eventCount: 6,
      streamCount: 1,
      breaks: [],
    });
    expect((await getJson('/admin/verify')).body).toMatchObject({ intact: true, breaks: [] });

    const status = await eventually(async () => {
      const { body } = await getJson('/admin/projections');
      expect(
        body.projections.every((projection: { lag: { events: number } }) => projection.lag.events === 0),
      ).toBe(true);
      return body;
    });
    expect(status.projections.map((projection: { name: string }) => projection.name)).toEqual([
      'product',
      'callback_outbox',
      'order_detail',
      'fulfilment_followup',
      'order_index',
    ]);
    expect(status.projections[0]).toMatchObject({
      checkpoint: expect.stringMatching(/^\d+\/\d+$/),
      checkpointSavedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/),
      rebuild: { state: 'none' },
    });
  }, 40_000);

  it('rebuilds a projection on request in the background, and refuses an unknown one', async () => {
    const started = await fetch(`${base}/admin/projections/order_detail/rebuild`, {
      method: 'POST',
      headers: asAdmin,
    });
    expect(started.status).toBe(202);
    expect(await started.json()).toMatchObject({ projections: ['order_detail'], state: 'running' });

    const done = await eventually(async () => {
      const { body } = await getJson('/admin/projections');
      expect(body.rebuild.state).toBe('done');
      return body.rebuild;
    });
    expect(done).toMatchObject({
      projections: ['order_detail'],
      phase: 'done',
      eventsRead: expect.any(Number),
    });

    const unknown = await fetch(`${base}/admin/projections/orders/rebuild`, {
      method: 'POST',
      headers: asAdmin,
    });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { message: string }).message).toMatch(
      /^no projection named orders; kios keeps product, /,
    );
    const nothing = await fetch(`${base}/admin/projections/all/rebuild`, {
      method: 'DELETE',
      headers: asAdmin,
    });
    expect(await nothing.json()).toEqual({ discarded: [] });
  });

  it('runs the callback retry and settle commands for the token (user token), their rules answered as 409 and 400', async () => {
    const { requestId } = await pendingOrderWithCallbackRetry();
    const post = async (path: string, body?: object) => {
      const response = await fetch(`${base}/admin/orders/${requestId}/${path}`, {
        method: 'POST',
        headers: { ...asAdmin, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: response.status, message: ((await response.json()) as { message: string }).message };
    };
    expect(await post('callback/retry')).toEqual({
      status: 409,
      message: `the Order Complete Callback of order ${requestId} is already delivered; only an abandoned callback can be retried`,
    });
    expect(await post('settle', { outcome: 'won', evidence: 'x' })).toEqual({
      status: 400,
      message: 'outcome must be succeeded or failed',
    });
    expect(await post('settle', { outcome: 'failed', reason: 'refunded', evidence: 'ticket 7' })).toEqual({
      status: 409,
      message: expect.stringMatching(/already succeeded/),
    });
    const rebuilt = await fetch(`${base}/admin/projections/product/rebuild`, {
      method: 'POST',
      headers: asAdmin,
    });
    expect(rebuilt.status).toBe(202);
    const [recorded] = await new KiosData(kios.dataDir).streamEvents('projection-product');
    expect(recorded.data).toMatchObject({ projection: 'product', requestedBy: 'kios-admin (token)' });
    await eventually(async () =>
      expect((await getJson('/admin/projections')).body.rebuild.state).toBe('done'),
    );
  });

  it('shows every event of a pending → success order with a refused callback on its timeline page, in Chromium', async () => {
    const { requestId, history } = await pendingOrderWithCallbackRetry();
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ extraHTTPHeaders: asAdmin });
      const page = await context.newPage();
      const response = await page.goto(`${base}/admin/orders/${requestId}/timeline`);
      expect(response?.status()).toBe(200);
      expect(response?.headers()['content-security-policy']).toBe(
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
      );

      expect(await page.title()).toBe(`Order ${requestId} · kios timeline`);
      await expect(page.locator('header').innerText()).resolves.toContain(
        'now succeeded (DANA sees SUCCESS)',
      );

      const items = page.locator('ol.timeline > li');
      expect(await items.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-type')))).toEqual(
        history.events.map((event) => event.type),
      );
      const times = await page.locator('ol.timeline > li .when time').allInnerTexts();
      expect(times).toEqual(history.events.map((event) => event.recordedAt));
      for (const time of times) expect(time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+07:00$/);
      for (const [index, event] of history.events.entries()) {
        const text = await items.nth(index).innerText();
        expect(text).toContain(`correlation ${event.correlationId}`);
        expect(text.toLowerCase()).toContain('order after this event');
      }
      const stateAfter = (index: number) => items.nth(index).locator('.state > dl').innerText();
      await expect(stateAfter(2)).resolves.toMatch(/Status\s+pending \(DANA sees PENDING\)/);
      await expect(stateAfter(3)).resolves.toMatch(/Status\s+succeeded \(DANA sees SUCCESS\)/);
      await expect(stateAfter(3)).resolves.toMatch(/Serial number\s+\S+/);
      await expect(stateAfter(4)).resolves.toMatch(
        /Order Complete Callback\s+owed, 1 attempts so far \(last: DANA answered HTTP 500\)/,
      );
      await expect(stateAfter(5)).resolves.toMatch(/Order Complete Callback\s+delivered on attempt 2 at /);

      // What an event states is labelled for people, money in rupiah to the sen; the raw path is only a title.
      const placed = items.nth(0).locator('.card > dl');
      await expect(placed.innerText()).resolves.toMatch(/Destination\s+081234567992/);
      await expect(placed.innerText()).resolves.toMatch(/DANA's price\s+Rp 10\.250,00/);
      await expect(placed.innerText()).resolves.not.toMatch(/primaryParam|minor units/);
      expect(await placed.locator('dt', { hasText: /^Destination$/ }).getAttribute('title')).toBe(
        'destination.primaryParam',
      );

      const refused = items.nth(4);
      expect(await refused.getAttribute('class')).toContain('tone-callback-refused');
      expect(await refused.locator('.reason').innerText()).toBe(history.events[4].data.reason);
      expect(
        await page
          .locator('table.callbacks tbody tr')
          .evaluateAll((rows) =>
            rows.map((row) => [...row.querySelectorAll('td')].slice(1, 3).map((cell) => cell.textContent)),
          ),
      ).toEqual([
        ['1', 'not accepted'],
        ['2', 'delivered'],
      ]);
      expect(await page.locator('script').count()).toBe(0);
    } finally {
      await browser.close();
    }
  }, 40_000);
});
