// Long on purpose: one browser session story against one kios and its users (sign-in, search, timeline, roles, CSRF, sign-out, the rate limit), each step beside the others.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type DanaOrder, DanaPath } from '@kios/dana-protocol';
import { orderStream } from '@kios/ordering';
import { launchChromium } from './support/chromium';
import { eventually } from './support/eventually';
import { KiosData } from './support/kios-data';
import { telcoOrderBody } from './support/order-tests';
import { KiosProcess } from './support/kios-process';
import { runApp } from './support/run-cli';

/**
 * People at the admin pages (issue 21 "Must show"): users made with the real `kios-cli users add`,
 * signed in with a real Chromium through the sign-in form, their session cookie carried by the
 * browser. kios trusts 127.0.0.1 as its proxy here, so the rate-limit tests can speak for several
 * client addresses with X-Forwarded-For, as the compose file's proxy does.
 */
const PASSWORDS = { siti: 'siti-auditor-pass-1', budi: 'budi-admin-pass-1', rita: 'rita-admin-pass-1' };

describe('signing in to the admin pages', () => {
  const kios = new KiosProcess({
    env: {
      KIOS_DANA_BASE_URL: 'http://127.0.0.1:9',
      KIOS_TRUSTED_PROXIES: '127.0.0.1',
      // `992` stays PENDING this long: an order an admin may settle
      KIOS_SIM_DELAY_MS: '600000',
      KIOS_FULFILMENT_FIRST_CHECK_MS: '600000',
      // anchors soon after the order, so its timeline can say "verified"
      KIOS_ANCHOR_EVERY_MS: '300',
    },
  });
  const data = new KiosData(kios.dataDir);
  let browser: Browser;
  let base: string;
  let requestId: string;

  const cli = (args: string[], input?: string) => runApp('kios-cli', args, kios.env(), input);

  beforeAll(async () => {
    for (const [name, role] of [
      ['siti', 'auditor'],
      ['budi', 'admin'],
      ['rita', 'admin'],
    ] as const) {
      const added = await cli(['users', 'add', name, '--role', role], `${PASSWORDS[name]}\n`);
      expect({ code: added.code, stdout: added.stdout, stderr: added.stderr }).toEqual({
        code: 0,
        stdout: `user ${name} added as ${role}; they sign in at /admin/sign-in\n`,
        stderr: '',
      });
    }
    await kios.start();
    base = `http://127.0.0.1:${kios.port}`;
    const order = telcoOrderBody('081234567992');
    requestId = order.requestId;
    const reply = await kios.client().createOrder(order);
    expect((reply.envelope.response.body.order as DanaOrder).orderStatus.status).toBe('PENDING');
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await kios.kill();
  });

  const timelineUrl = () => `${base}/admin/orders/${requestId}/timeline`;

  /** Opens the order's timeline in a fresh browser, is sent to the sign-in page, and signs in there. */
  async function signedIn(name: keyof typeof PASSWORDS): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(timelineUrl());
    expect(new URL(page.url()).pathname).toBe('/admin/sign-in');
    expect(await page.locator('script').count()).toBe(0);
    await page.fill('#name', name);
    await page.fill('#password', PASSWORDS[name]);
    await Promise.all([page.waitForURL(timelineUrl()), page.click('button[type=submit]')]);
    return { context, page };
  }

  const csrfOf = (page: Page) => page.locator('form.viewer input[name=_csrf]').inputValue();

  it('signs an auditor in from the sign-in page into the timeline they asked for, with a strict HttpOnly cookie', async () => {
    const { context, page } = await signedIn('siti');
    try {
      expect(await page.title()).toBe(`Order ${requestId} · kios timeline`);
      expect(await page.locator('form.viewer').innerText()).toContain('signed in as siti (auditor)');
      expect(await page.locator('header').innerText()).toContain('pending (DANA sees PENDING)');
      // an auditor reads; the page offers no action
      expect(await page.locator('form.action').count()).toBe(0);
      const [cookie] = await context.cookies();
      expect(cookie).toMatchObject({
        name: 'kios_admin_session',
        path: '/admin',
        httpOnly: true,
        sameSite: 'Strict',
        secure: false,
      });
      expect(cookie.value).not.toContain(PASSWORDS.siti);
    } finally {
      await context.close();
    }
  });

  it('lets an auditor sign in, find the order by its destination (masked in the list), open its timeline and see it verified', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${base}/admin/sign-in`);
      await page.fill('#name', 'siti');
      await page.fill('#password', PASSWORDS.siti);
      // with no page asked for, signing in leads to the order search
      await Promise.all([page.waitForURL(`${base}/admin/orders`), page.click('button[type=submit]')]);
      const link = page.locator(`table.orders a[href$="/${requestId}/timeline"]`);
      await eventually(async () => {
        await page.goto(`${base}/admin/orders`);
        await page.fill('input[name=destination]', '0812-3456-7992');
        await Promise.all([
          page.waitForURL(/destination=/),
          page.click('form[action="/admin/orders"] button'),
        ]);
        expect(await link.count()).toBe(1);
      });
      const destination = await page.locator('table.orders td.destination').innerText();
      expect(destination).not.toContain('081234567992');
      expect(destination).toMatch(/7992$/);
      await Promise.all([page.waitForURL(timelineUrl()), link.click()]);
      expect(await page.title()).toBe(`Order ${requestId} · kios timeline`);
      expect(await page.locator('main').innerText()).toContain('081234567992');
      // once an anchor covers the order's events, its evidence block says so
      await eventually(async () => {
        await page.reload();
        expect(await page.locator('section.evidence .verdict').innerText()).toBe('verified');
      });
    } finally {
      await context.close();
    }
  });

  it("refuses an auditor's rebuild (403) and a session's POST without its CSRF token (403)", async () => {
    const { context, page } = await signedIn('siti');
    try {
      const csrf = await csrfOf(page);
      const asAuditor = await context.request.post(`${base}/admin/projections/order_detail/rebuild`, {
        headers: { 'x-csrf-token': csrf },
      });
      expect(asAuditor.status()).toBe(403);
      expect(await asAuditor.json()).toEqual({
        statusCode: 403,
        error: 'Forbidden',
        message: 'siti is an auditor: this needs the admin role',
      });
    } finally {
      await context.close();
    }
    const admin = await signedIn('budi');
    try {
      for (const headers of [{}, { 'x-csrf-token': 'not-the-token' }] as Record<string, string>[]) {
        const refused = await admin.context.request.post(`${base}/admin/projections/order_detail/rebuild`, {
          headers,
        });
        expect(refused.status()).toBe(403);
        expect(((await refused.json()) as { message: string }).message).toBe(
          'missing or wrong CSRF token (_csrf field or x-csrf-token header)',
        );
      }
      expect(await data.streamEvents('projection-order_detail')).toEqual([]);
    } finally {
      await admin.context.close();
    }
  });

  it("starts an admin's rebuild, recorded on the projection's stream naming the admin", async () => {
    const { context, page } = await signedIn('budi');
    try {
      const started = await context.request.post(`${base}/admin/projections/order_detail/rebuild`, {
        headers: { 'x-csrf-token': await csrfOf(page) },
      });
      expect(started.status()).toBe(202);
      expect(await started.json()).toMatchObject({ projections: ['order_detail'], state: 'running' });
      const [recorded] = await data.streamEvents('projection-order_detail');
      expect(recorded).toMatchObject({
        type: 'ProjectionRebuildRequested',
        data: { projection: 'order_detail', together: ['order_detail'], requestedBy: 'kios-admin (budi)' },
      });
      await eventually(async () => {
        const status = await context.request.get(`${base}/admin/projections`);
        expect(((await status.json()) as { rebuild: { state: string } }).rebuild.state).toBe('done');
      });
    } finally {
      await context.close();
    }
  });

  it("lets an admin settle the pending order from its timeline's form, recorded naming them", async () => {
    const { context, page } = await signedIn('budi');
    try {
      const settle = page.locator('form.action[action$="/settle"]');
      expect(await settle.count()).toBe(1);
      expect(await page.locator('form.action[action$="/callback/retry"]').count()).toBe(0);
      await settle.locator('select[name=outcome]').selectOption('succeeded');
      await settle.locator('input[name=serialNumber]').fill('0412345678901234');
      await settle.locator('input[name=evidence]').fill('supplier statement 2026-12-05, Sukses');
      await Promise.all([page.waitForURL(timelineUrl()), settle.locator('button').click()]);
      expect(await page.locator('header').innerText()).toContain('succeeded (DANA sees SUCCESS)');
      expect(await page.locator('form.action').count()).toBe(0);
      const settled = (await data.streamEvents(orderStream(requestId))).find(
        (event) => event.type === 'FulfilmentSettledByOperator',
      );
      expect(settled?.data).toMatchObject({
        settledBy: 'kios-admin (budi)',
        decision: 'succeeded',
        evidence: 'supplier statement 2026-12-05, Sukses',
      });
    } finally {
      await context.close();
    }
  });

  it('after sign-out, and after the user is removed, sends the pages back to the sign-in page', async () => {
    const { context, page } = await signedIn('siti');
    try {
      await Promise.all([page.waitForURL(/\/admin\/sign-in$/), page.click('form.viewer button')]);
      expect(await context.cookies()).toEqual([]);
      await page.goto(timelineUrl());
      expect(page.url()).toBe(
        `${base}/admin/sign-in?next=${encodeURIComponent(`/admin/orders/${requestId}/timeline`)}`,
      );
      const afterSignOut = await context.request.get(`${base}/admin/verify`);
      expect(afterSignOut.status()).toBe(401);
    } finally {
      await context.close();
    }

    const admin = await signedIn('rita');
    try {
      // Given rita signed in, when she is removed, her next request finds no session
      expect((await admin.context.request.get(`${base}/admin/verify`)).status()).toBe(200);
      expect((await cli(['users', 'remove', 'rita'])).code).toBe(0);
      expect((await admin.context.request.get(`${base}/admin/verify`)).status()).toBe(401);
      await admin.page.goto(timelineUrl());
      expect(new URL(admin.page.url()).pathname).toBe('/admin/sign-in');
    } finally {
      await admin.context.close();
    }
  });

  it('keeps the page to return to on kios: an outside address given as next goes to the default page', async () => {
    const signIn = await fetch(`${base}/admin/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ name: 'siti', password: PASSWORDS.siti, next: '//evil.example/admin/' }),
      redirect: 'manual',
    });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get('location')).toBe('/admin/orders');
  });

  it("parses forms on the admin pages only: DANA's endpoints answer a form as any type they do not take", async () => {
    const send = async (contentType: string) => {
      const response = await fetch(`${base}${DanaPath.createOrder}`, {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: 'requestId=X',
      });
      const { response: answer } = (await response.json()) as {
        response: { body: { resultInfo: Record<string, string> } };
      };
      return { status: response.status, resultInfo: answer.body.resultInfo };
    };
    const form = await send('application/x-www-form-urlencoded');
    expect(form).toEqual(await send('application/xml'));
    expect(form).toMatchObject({
      status: 400,
      resultInfo: { resultCode: 'PARAM_ILLEGAL', resultMsg: 'the request body must be application/json' },
    });
  });

  describe('the sign-in rate limit', () => {
    /** A form post of the sign-in page, from `address` (through kios's trusted proxy), over TLS or not. */
    const attempt = (name: string, password: string, address: string, tls = false) =>
      fetch(`${base}/admin/sign-in`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-forwarded-for': address,
          ...(tls ? { 'x-forwarded-proto': 'https' } : {}),
        },
        body: new URLSearchParams({ name, password }),
        redirect: 'manual',
      });

    it('marks the cookie Secure when the proxy says the browser came over TLS', async () => {
      const overTls = await attempt('siti', PASSWORDS.siti, '192.0.2.10', true);
      expect(overTls.status).toBe(303);
      expect(overTls.headers.get('set-cookie')).toMatch(/; Secure$/);
      const plain = await attempt('siti', PASSWORDS.siti, '192.0.2.10');
      expect(plain.headers.get('set-cookie')).not.toContain('Secure');
    });

    it("refuses a user name after 5 failures from anywhere (429, Retry-After), the owner's success elsewhere resetting nothing", async () => {
      for (let failure = 1; failure <= 4; failure += 1) {
        expect((await attempt('budi', 'wrong-password', '203.0.113.1')).status).toBe(401);
      }
      // the owner signs in from another address: accepted, and the guesser's four failures stay counted
      expect((await attempt('budi', PASSWORDS.budi, '203.0.113.2')).status).toBe(303);
      const fifth = await attempt('budi', 'wrong-password', '203.0.113.1');
      expect(fifth.status).toBe(401);
      expect(await fifth.text()).toContain('Wrong user name or password.');
      const refused = await attempt('budi', PASSWORDS.budi, '203.0.113.3');
      expect(refused.status).toBe(429);
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(800);
      expect(retryAfter).toBeLessThanOrEqual(900);
      expect(await refused.text()).toContain('Too many failed sign-ins');
      // other users are not held up
      expect((await attempt('siti', PASSWORDS.siti, '203.0.113.3')).status).toBe(303);
    });

    it('refuses an address after 5 failures under any names, other addresses still signing in', async () => {
      for (const name of ['a1', 'a2', 'a3', 'a4', 'a5']) {
        expect((await attempt(name, 'wrong-password', '198.51.100.7')).status).toBe(401);
      }
      expect((await attempt('siti', PASSWORDS.siti, '198.51.100.7')).status).toBe(429);
      expect((await attempt('siti', PASSWORDS.siti, '198.51.100.8')).status).toBe(303);
      expect(kios.log).not.toContain('wrong-password');
      for (const password of Object.values(PASSWORDS)) expect(kios.log).not.toContain(password);
    });
  });
});
