import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { DanaReply } from '@kios/dana-protocol';
import { orderStream } from '@kios/ordering';
import { TEST_POSTGRES_URL } from '@kios/testing';
import { FakeKurrentDb } from '../libs/event-store/test/kurrentdb.fake-server';
import { eventually } from './support/eventually';
import { KiosData } from './support/kios-data';
import { freePort, KiosProcess, tempDataDir } from './support/kios-process';
import { type Body, DanaSide, expectBoughtOnce, NOT_STORED, resultOf } from './support/dana-side';
import { statusesOf, telcoOrderBody } from './support/order-tests';
import { dropSchemasOf } from './support/read-model-check';
import { proxyTo, TcpProxy } from './support/tcp-proxy';

/**
 * Store faults while kios serves (issue 22, README "Store faults"): an order whose OrderPlaced could
 * not be stored is answered with a signed failure (ORDER_NOT_STORED, nothing placed or bought) or,
 * when kios cannot even read it back, a signed unknown (ORDER_IN_DOUBT); never SUCCESS without a
 * stored event, never an unsigned answer. Once the store is back, DANA's retries under the same
 * requestIds are new attempts, every order DANA was told about exists, and none was bought twice.
 */

describe('store faults while kios serves', () => {
  describe('the SQLite event store is busy (another process holds its write lock past the busy timeout)', () => {
    const kios = new KiosProcess({ env: { KIOS_DANA_BASE_URL: 'http://127.0.0.1:9' } });
    beforeAll(() => kios.start(), 30_000);
    afterAll(() => kios.kill());

    it('answers ORDER_NOT_STORED, signed, while busy; the same requestIds are bought once after', async () => {
      const dana = new DanaSide(kios.client());
      const before = telcoOrderBody('081200000345');
      expect(resultOf(await dana.createOrder(before))).toMatchObject({ httpStatus: 200 });

      const lock = new Database(join(kios.dataDir, 'events.db'));
      lock.exec('BEGIN IMMEDIATE');
      const during = [telcoOrderBody('081200001345'), telcoOrderBody('081200002345')];
      let replies: DanaReply[];
      try {
        replies = await Promise.all(during.map((body) => dana.createOrder(body)));
      } finally {
        lock.exec('ROLLBACK');
        lock.close();
      }
      for (const reply of replies) expect(resultOf(reply)).toMatchObject(NOT_STORED);
      expect(kios.log).toMatch(/not placed, the event store failed: .*(busy|locked)/);
      const data = new KiosData(kios.dataDir);
      for (const body of during) expect(await data.orderEventTypes(body.requestId)).toEqual([]);

      for (const body of during) expect(await dana.retryUntilAnswered(body)).toBe('SUCCESS');
      await dana.expectEveryToldOrderStored();
      expectBoughtOnce(
        data,
        dana,
        [before, ...during].map((body) => body.requestId),
      );
    }, 60_000);
  });

  describe('the disk under the SQLite event store fills up (a small tmpfs, filled and freed)', () => {
    const mountPoint = join(tempDataDir('kios-full-'), 'disk');
    mkdirSync(mountPoint);
    const mounted = tryMountTmpfs(mountPoint, '8m');
    if (!mounted.ok) {
      // Visible, not silent: CI runs as root on a machine that may mount tmpfs.
      console.warn(`store-faults: SQLITE_FULL test skipped: ${mounted.reason}`);
    }
    const kios = new KiosProcess({
      env: {
        KIOS_DANA_BASE_URL: 'http://127.0.0.1:9',
        KIOS_EVENT_STORE: `sqlite:${join(mountPoint, 'events.db')}`,
      },
    });
    const filler = join(mountPoint, 'filler');
    afterAll(async () => {
      await kios.kill();
      if (mounted.ok) execFileSync('umount', [mountPoint]);
    });

    (mounted.ok ? it : it.skip)(
      'answers ORDER_NOT_STORED, signed, while the disk is full; the same requestIds are bought once after it is freed',
      async () => {
        await kios.start();
        const dana = new DanaSide(kios.client());
        const before = telcoOrderBody('081200003345');
        expect(resultOf(await dana.createOrder(before))).toMatchObject({ httpStatus: 200 });

        fillDisk(filler);
        const during = [telcoOrderBody('081200004345'), telcoOrderBody('081200005345')];
        const replies = [];
        for (const body of during) replies.push(await dana.createOrder(body));
        for (const reply of replies) expect(resultOf(reply)).toMatchObject(NOT_STORED);
        expect(kios.log).toMatch(/not placed, the event store failed: .*(full|SQLITE_FULL)/i);

        rmSync(filler);
        for (const body of during) expect(await dana.retryUntilAnswered(body)).toBe('SUCCESS');
        await dana.expectEveryToldOrderStored();
        const data = new KiosData(kios.dataDir);
        expectBoughtOnce(
          data,
          dana,
          [before, ...during].map((body) => body.requestId),
        );
      },
      60_000,
    );
  });

  describe('PostgreSQL (events and read model) cut off mid-run behind a TCP proxy, then back', () => {
    const schema = `kios_e2e_faults_${randomBytes(5).toString('hex')}`;
    let proxy: ReturnType<typeof proxyTo>;
    let kios: KiosProcess;
    let storeUrl: string;

    beforeAll(async () => {
      proxy = proxyTo(TEST_POSTGRES_URL, await freePort());
      await proxy.open();
      const url = new URL(TEST_POSTGRES_URL);
      url.port = String(proxy.port);
      storeUrl = url.toString();
      kios = new KiosProcess({
        env: {
          KIOS_DANA_BASE_URL: 'http://127.0.0.1:9',
          KIOS_EVENT_STORE: `${storeUrl}?schema=${schema}_events`,
          KIOS_READ_MODEL: `${storeUrl}?schema=${schema}_read`,
          KIOS_READY_CHECK_TIMEOUT_MS: '1000',
        },
      });
      await kios.start();
    }, 30_000);
    afterAll(async () => {
      await kios.kill();
      await proxy.cut();
      await dropSchemasOf(`${TEST_POSTGRES_URL}?schema=${schema}`);
    });

    const ready = async () => {
      const response = await fetch(`http://127.0.0.1:${kios.port}/ready`);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };

    it('answers signed failures or unknowns while cut off, says which store is down, and finishes every order once it is back', async () => {
      const dana = new DanaSide(kios.client());
      const before = telcoOrderBody('081200006345');
      // Pending at the supplier for a few seconds: its follow-up runs across the outage.
      const pendingAcross = telcoOrderBody('081200006992');
      expect(resultOf(await dana.createOrder(before))).toMatchObject({ httpStatus: 200 });
      expect(dana.told.get(before.requestId)).toBe('SUCCESS');
      expect(resultOf(await dana.createOrder(pendingAcross))).toMatchObject({ httpStatus: 200 });
      expect(dana.told.get(pendingAcross.requestId)).toBe('PENDING');

      await proxy.cut();
      const during = [telcoOrderBody('081200007345'), telcoOrderBody('081200008345')];
      for (const body of during) {
        expect(resultOf(await dana.createOrder(body))).toMatchObject({
          httpStatus: 503,
          signed: true,
          resultCode: expect.stringMatching(/^ORDER_(NOT_STORED|IN_DOUBT)$/),
        });
      }
      const down = await eventually(async () => {
        const answer = await ready();
        expect(answer.status).toBe(503);
        return answer;
      });
      expect(down.body).toMatchObject({
        error: { eventStore: { status: 'down' }, readModel: { status: 'down' } },
      });
      expect(JSON.stringify(down.body)).not.toContain(new URL(TEST_POSTGRES_URL).password || 'no password');

      await proxy.open();
      for (const body of during) expect(await dana.retryUntilAnswered(body)).toBe('SUCCESS');
      await eventually(async () => expect((await ready()).status).toBe(200), 30_000);
      // The follow-up and the projections resumed: the order pending across the outage is settled.
      await eventually(
        async () =>
          expect(
            (await statusesOf(kios.client(), [pendingAcross.requestId])).get(pendingAcross.requestId),
          ).toBe('SUCCESS'),
        30_000,
      );
      await dana.expectEveryToldOrderStored();
      const data = new KiosData(kios.dataDir);
      expectBoughtOnce(
        data,
        dana,
        [before, pendingAcross, ...during].map((body) => body.requestId),
      );
      expect(data.supplierPurchaseCalls(pendingAcross.requestId).purchased).toBe(1);
    }, 90_000);
  });

  describe('KurrentDB (the gRPC fake behind a TCP proxy): appends reset mid-call, the server unreachable and back', () => {
    let fake: FakeKurrentDb;
    let proxy: TcpProxy;
    let kios: KiosProcess;

    beforeAll(async () => {
      fake = await FakeKurrentDb.start({ batchAppend: true, firstCommitPosition: 1n, created: new Date() });
      proxy = new TcpProxy(await freePort(), { host: '127.0.0.1', port: fake.port });
      await proxy.open();
      kios = new KiosProcess({
        env: {
          KIOS_DANA_BASE_URL: 'http://127.0.0.1:9',
          KIOS_EVENT_STORE: `kurrentdb://127.0.0.1:${proxy.port}?tls=false`,
          KIOS_READY_CHECK_TIMEOUT_MS: '1000',
        },
        // The first start lists the sample catalog one append at a time over gRPC: slow on a busy machine.
        startTimeoutMs: 60_000,
      });
      await kios.start();
    }, 90_000);
    afterAll(async () => {
      await kios.kill();
      await proxy.cut();
      await fake.stop();
    });

    const orderOf = (body: Body) => (stream: string) => stream === orderStream(body.requestId);

    it('answers ORDER_NOT_STORED when the append was reset before the server stored it, PENDING when after, and finishes both', async () => {
      const dana = new DanaSide(kios.client());
      const lost = telcoOrderBody('081200009345');
      const storedAnyway = telcoOrderBody('081200010345');

      fake.resetNextAppend('before-storing', orderOf(lost));
      expect(resultOf(await dana.createOrder(lost))).toMatchObject(NOT_STORED);
      fake.resetNextAppend('after-storing', orderOf(storedAnyway));
      expect(resultOf(await dana.createOrder(storedAnyway))).toMatchObject({ httpStatus: 200 });
      expect(dana.told.get(storedAnyway.requestId)).toBe('PENDING');

      expect(await dana.retryUntilAnswered(lost)).toBe('SUCCESS');
      await eventually(async () => {
        const statuses = await statusesOf(kios.client(), [storedAnyway.requestId]);
        expect(statuses.get(storedAnyway.requestId)).toBe('SUCCESS');
      }, 30_000);
      await dana.expectEveryToldOrderStored();
      expectBoughtOnce(new KiosData(kios.dataDir), dana, [lost.requestId, storedAnyway.requestId]);
    }, 60_000);

    it('answers signed 503s while the server is unreachable, says so on /ready, and takes the same requestIds once it is back', async () => {
      const dana = new DanaSide(kios.client());
      await proxy.cut();
      const during = [telcoOrderBody('081200011345'), telcoOrderBody('081200012345')];
      for (const body of during) {
        expect(resultOf(await dana.createOrder(body))).toMatchObject({
          httpStatus: 503,
          signed: true,
          resultCode: expect.stringMatching(/^ORDER_(NOT_STORED|IN_DOUBT)$/),
        });
      }
      const down = await fetch(`http://127.0.0.1:${kios.port}/ready`);
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({ error: { eventStore: { status: 'down' } } });

      await proxy.open();
      for (const body of during) expect(await dana.retryUntilAnswered(body)).toBe('SUCCESS');
      await eventually(
        async () => expect((await fetch(`http://127.0.0.1:${kios.port}/ready`)).status).toBe(200),
        30_000,
      );
      await dana.expectEveryToldOrderStored();
      expectBoughtOnce(
        new KiosData(kios.dataDir),
        dana,
        during.map((body) => body.requestId),
      );
    }, 90_000);
  });
});

/** Mounts a tmpfs of `size` on `mountPoint`; needs root (CI has it). */
function tryMountTmpfs(mountPoint: string, size: string): { ok: true } | { ok: false; reason: string } {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', mountPoint], { stdio: 'pipe' });
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: `cannot mount a tmpfs here (${(error as Error).message.split('\n')[0]})` };
  }
}

/** Writes `path` until the filesystem has no space left. */
function fillDisk(path: string): void {
  const chunk = Buffer.alloc(64 * 1024);
  const fd = openSync(path, 'w');
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
}
