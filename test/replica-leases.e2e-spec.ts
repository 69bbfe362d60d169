import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createOrder, phone, useCallbackE2e } from './support/callback-e2e';
import { eventually } from './support/eventually';
import { type KiosProcess, tempDataDir } from './support/kios-process';
import { runApp } from './support/run-cli';

/**
 * Leases (docs/architecture.md §1 "Leases"): two kios replicas on one machine, sharing SQLite files
 * (events and read model) and the simulator's purchase log. The worker process of the replica holding
 * the processors is frozen with SIGSTOP right after its replica answered an order PENDING (at a
 * moment it holds no write lock), past KIOS_LEASE_TTL_MS. The other replica's worker takes every
 * lease over (its log, kios-cli processors status, GET /admin/processors of the frozen replica),
 * settles the order and calls DANA back. Resumed (SIGCONT), the frozen worker appends no event and moves no checkpoint, and its log says it gave each processor up. Positive
 * control: the same readings see an order placed afterwards (its events, the checkpoints).
 */
/** Long enough that a renewal late on a loaded machine (CI runs Chromium beside this) does not lapse a lease. */
const LEASE_TTL_MS = 2500;
/** The order settles at the supplier well after the takeover, so the stand-by replica settles it. */
const SIM_DELAY_MS = 5000;
const ADMIN_TOKEN = 'leases-e2e-admin-token-0123456789';

const tookLeases = (log: string, pid: number) =>
  [...log.matchAll(new RegExp(`"pid":${pid},[^\\n]*took lease (\\S+) \\(token \\d+\\)`, 'g'))].map(
    (m) => m[1],
  );
/** Processors the frozen worker gave up: refused on renewal ("lost lease X (token …"), or not renewable before its end. */
const lostLeases = (log: string, pid: number) =>
  [...log.matchAll(new RegExp(`"pid":${pid},[^\\n]*lost lease ([^\\s:]+)(?: \\(|: not renewed)`, 'g'))].map(
    (m) => m[1],
  );
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('two kios replicas on shared SQLite files, the worker holding the processors frozen past the lease TTL', () => {
  let frozenPid: number | undefined;
  // Before the shared hooks' (they run in this order): a frozen process would never end on SIGTERM.
  afterAll(() => frozenPid && process.kill(frozenPid, 'SIGCONT'));
  const e2e = useCallbackE2e();
  const dataDir = tempDataDir('kios-leases-');
  let holder: KiosProcess;
  let standBy: KiosProcess;

  beforeAll(async () => {
    const env = {
      KIOS_LEASE_TTL_MS: String(LEASE_TTL_MS),
      KIOS_ADMIN_TOKEN: ADMIN_TOKEN,
      KIOS_SIM_DELAY_MS: String(SIM_DELAY_MS),
      KIOS_FULFILMENT_FIRST_CHECK_MS: '150',
      KIOS_FULFILMENT_MAX_CHECK_INTERVAL_MS: '400',
    };
    holder = await e2e.startKios(env, dataDir);
    // The first replica's worker holds every lease before the second replica starts.
    await eventually(
      async () => expect(tookLeases(holder.log, holder.workerPid)).toContain('order_detail'),
      10_000,
    );
    standBy = await e2e.startKios(env, dataDir);
  }, 90_000);

  const readOnly = (file: string) =>
    new Database(join(dataDir, file), { readonly: true, fileMustExist: true });
  const eventCount = () => {
    const db = readOnly('events.db');
    try {
      return (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };
  /**
   * SIGSTOPs the process at a moment it holds neither file's write lock. Frozen inside a write
   * transaction, it would hold every other writer on that file back until resumed (no server ends a
   * SQLite transaction; README "Several replicas"), and the stand-by replica could settle nothing.
   */
  const freezeOutsideWriteTransactions = async (pid: number) => {
    for (let attempt = 1; ; attempt++) {
      process.kill(pid, 'SIGSTOP');
      const locked = ['events.db', 'read.db'].filter((file) => !canTakeWriteLock(file));
      if (locked.length === 0) return;
      process.kill(pid, 'SIGCONT');
      if (attempt === 50) throw new Error(`the worker held the write lock of ${locked.join(', ')} 50 times`);
      await sleep(20);
    }
  };
  const canTakeWriteLock = (file: string) => {
    const db = new Database(join(dataDir, file), { fileMustExist: true, timeout: 0 });
    try {
      db.exec('BEGIN IMMEDIATE');
      db.exec('ROLLBACK');
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_BUSY') return false;
      throw error;
    } finally {
      db.close();
    }
  };
  const checkpoints = () => {
    const db = readOnly('read.db');
    try {
      return db.prepare('SELECT name, position FROM projection_checkpoint ORDER BY name').all();
    } finally {
      db.close();
    }
  };

  it('lets the other replica take over, and the resumed worker writes nothing and gives its processors up', async () => {
    const workerPid = holder.workerPid;
    const standByWorker = standBy.workerPid;
    const held = tookLeases(holder.log, workerPid);
    expect(held.length).toBeGreaterThan(0);
    await eventually(
      async () =>
        expect(standBy.log).toMatch(
          new RegExp(`"pid":${standByWorker},[^\\n]*standing by: order_detail held by `),
        ),
      10_000,
    );
    expect(tookLeases(standBy.log, standByWorker)).toEqual([]);

    const requestId = `LEASE-${randomBytes(4).toString('hex')}`;
    expect(await createOrder(holder, requestId, phone('992'))).toBe('PENDING');
    frozenPid = workerPid;
    await freezeOutsideWriteTransactions(workerPid);
    let eventsBefore: number;
    let checkpointsBefore: unknown[];
    try {
      const frozenAt = Date.now();

      // The stand-by replica's worker takes every lease the frozen one held, settles the order and calls DANA back.
      await eventually(
        async () => expect(new Set(tookLeases(standBy.log, standByWorker))).toEqual(new Set(held)),
        20_000,
      );
      expect(Date.now() - frozenAt).toBeGreaterThanOrEqual(LEASE_TTL_MS / 2);
      // kios-cli processors status, and the admin API even of the replica whose worker is frozen (it
      // reads the stores), name the stand-by replica's worker as the holder of each. Sightings are
      // gathered over readings: on a loaded machine one renewal may be late at any reading, and a lease
      // past its TTL shows no holder; no reading names another holder.
      const standByHolder = standBy.log.match(/this replica holds leases as (\S+)"/)![1];
      const seenHeldByStandBy = async (read: () => Promise<{ name: string; holder: string | null }[]>) => {
        const seen = new Set<string>();
        const otherHolders: string[] = [];
        await eventually(async () => {
          for (const processor of await read()) {
            if (!held.includes(processor.name)) continue;
            if (processor.holder === standByHolder) seen.add(processor.name);
            else if (processor.holder !== null) otherHolders.push(`${processor.name}: ${processor.holder}`);
          }
          expect(seen).toEqual(new Set(held));
        }, 15_000);
        expect(otherHolders).toEqual([]);
      };
      await seenHeldByStandBy(async () => {
        const status = await runApp('kios-cli', ['processors', 'status', '--json'], standBy.env());
        expect(status.code).toBe(0);
        return JSON.parse(status.stdout) as { name: string; holder: string | null }[];
      });
      await seenHeldByStandBy(async () => {
        const overview = await fetch(`${holder.baseUrl}/admin/processors`, {
          headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        });
        expect(overview.status).toBe(200);
        return ((await overview.json()) as { processors: { name: string; holder: string | null }[] })
          .processors;
      });
      // The supplier settles the order SIM_DELAY_MS after it was placed; on a loaded CI machine the
      // callback once took longer than 15 s to arrive.
      await eventually(async () => {
        const callbacks = await e2e.sim.callbacksFor(requestId);
        expect(callbacks.map((callback) => callback.orderStatus?.status)).toContain('SUCCESS');
      }, 30_000);
      await sleep(LEASE_TTL_MS); // the stand-by's projections and dispatcher have recorded what they did
      eventsBefore = eventCount();
      checkpointsBefore = checkpoints();
    } finally {
      process.kill(workerPid, 'SIGCONT');
      frozenPid = undefined;
    }
    await eventually(
      async () => expect(new Set(lostLeases(holder.log, workerPid))).toEqual(new Set(held)),
      20_000,
    );
    await sleep(LEASE_TTL_MS);
    expect(eventCount()).toBe(eventsBefore);
    expect(checkpoints()).toEqual(checkpointsBefore);
    const callbacks = await e2e.sim.callbacksFor(requestId);
    expect(new Set(callbacks.map((callback) => callback.orderStatus?.status))).toEqual(new Set(['SUCCESS']));

    // Positive control: an order placed through the resumed replica (its API still serves DANA) is
    // seen by both readings, the stand-by replica's worker projecting it.
    expect(await createOrder(holder, `LEASE-${randomBytes(4).toString('hex')}`, phone('345'))).toBe(
      'SUCCESS',
    );
    expect(eventCount()).toBeGreaterThan(eventsBefore);
    await eventually(async () => expect(checkpoints()).not.toEqual(checkpointsBefore), 10_000);
    expect(tookLeases(holder.log, workerPid)).toEqual(held);
  }, 120_000);
});
