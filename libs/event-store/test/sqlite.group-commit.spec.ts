import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import {
  type AppendResult,
  ConcurrencyError,
  type EventToAppend,
  type ExpectedVersion,
  type JsonObject,
  SqliteEventStore,
} from '../src';

const repoRoot = resolve(__dirname, '../../..');
const folder = mkdtempSync(join(tmpdir(), 'kios-sqlite-group-commit-'));
let files = 0;
const newFile = () => join(folder, `events-${++files}.db`);
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const event = (data: JsonObject, id?: string): EventToAppend => ({ type: 'OrderPlaced', data, id });

describe.each(['thread', 'inline'] as const)(
  'sqlite event store: group commit, writer %s (docs/architecture.md §5)',
  (writer) => {
    const opened: SqliteEventStore[] = [];
    const open = (file = newFile()) => {
      const store = SqliteEventStore.open(file, { writer });
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    });

    it('group commit keeps per-append semantics', async () => {
      const store = open();
      const streams = ['order-0', 'order-1', 'order-2', 'order-3', 'order-4'];
      for (const stream of streams) await store.append(stream, [event({ setup: stream })], 'no_stream');
      const before = store.writeStats();
      const head = (await store.headPosition())!.commit;

      // 50 appends issued in one tick, ten to each stream, the later ones of a stream building on the
      // earlier ones of the same batch; every sixth expects a revision its stream has already passed.
      const last = new Map(streams.map((stream) => [stream, 0n]));
      const plan = Array.from({ length: 50 }, (_, i) => {
        const stream = streams[i % streams.length];
        const current = last.get(stream)!;
        const stale = i % 6 === 5;
        const events = i % 3 === 0 ? [event({ i, part: 1 }), event({ i, part: 2 })] : [event({ i })];
        const expected: ExpectedVersion = stale ? current - 1n : i % 4 === 0 ? 'any' : current;
        if (!stale) last.set(stream, current + BigInt(events.length));
        return { i, stream, stale, events, expected, revision: last.get(stream)! };
      });
      const settled = await Promise.allSettled(
        plan.map(({ stream, events, expected }) => store.append(stream, events, expected)),
      );

      const stale = plan.filter((append) => append.stale).map((append) => append.i);
      expect(stale).toHaveLength(8);
      expect(settled.flatMap((result, i) => (result.status === 'rejected' ? [i] : []))).toEqual(stale);
      for (const i of stale) {
        expect((settled[i] as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrencyError);
      }
      const written = plan.filter((append) => !append.stale);
      const results = written.map(({ i }) => (settled[i] as PromiseFulfilledResult<AppendResult>).value);
      expect(results.map((result) => result.nextExpectedRevision)).toEqual(written.map((a) => a.revision));
      const positions = results.map((result) => result.position.commit);
      expect(positions[0]).toBeGreaterThan(head);
      positions.slice(1).forEach((position, k) => expect(position).toBeGreaterThan(positions[k]));

      const dataOf = (append: (typeof plan)[number]) => append.events.map((e) => e.data);
      for (const stream of streams) {
        const stored = await store.readStream(stream);
        expect(stored.map((e) => e.data)).toEqual([
          { setup: stream },
          ...written.filter((append) => append.stream === stream).flatMap(dataOf),
        ]);
      }
      const all = [];
      for await (const recorded of store.readAll({ after: { commit: head, prepare: head } })) {
        all.push(recorded.data);
      }
      expect(all).toEqual(written.flatMap(dataOf));

      const after = store.writeStats();
      expect(after.commits - before.commits).toBe(1);
      expect(after.appends - before.appends).toBe(written.length);
    });

    it('undoes every event of a failing append of several, and commits the rest of its batch', async () => {
      const store = open();
      const taken = '0f7c6c1e-3b6e-4f0e-9a53-5a4b7b7f3c21';

      const settled = await Promise.allSettled([
        store.append('order-1', [event({ n: 1 }, taken)], 'no_stream'),
        // Its second event reuses an id already stored: the INSERT fails after the first one succeeded.
        store.append('order-2', [event({ n: 2 }), event({ n: 3 }, taken)], 'no_stream'),
        store.append('order-3', [event({ n: 4 })], 'no_stream'),
      ]);

      expect(settled.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((settled[1] as PromiseRejectedResult).reason).toMatchObject({
        code: 'SQLITE_CONSTRAINT_UNIQUE',
      });
      expect(await store.readStream('order-2')).toEqual([]);
      expect((await store.readStream('order-3')).map((e) => e.data)).toEqual([{ n: 4 }]);
      expect(store.writeStats()).toMatchObject({ commits: 1, appends: 2 });
    });

    it('refuses an invalid append at once, alone, while the others of its turn commit', async () => {
      const store = open();

      const settled = await Promise.allSettled([
        store.append('order-1', [event({ n: 1 })], 'no_stream'),
        store.append('order-2', [], 'no_stream'),
        store.append('order-3', [event({ n: 2 })], 'no_stream'),
      ]);

      expect(settled.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((settled[1] as PromiseRejectedResult).reason.message).toMatch(/empty list of events/);
      expect(store.writeStats()).toMatchObject({ commits: 1, appends: 2 });
    });

    it('counts the statements it runs: BEGIN, SELECT, INSERTs, a savepoint for several events, COMMIT', async () => {
      const store = open();

      await store.append('order-1', [event({})], 'no_stream');
      expect(store.writeStats()).toEqual({ commits: 1, appends: 1, statements: 4 });

      await store.append('order-1', [event({}), event({}), event({})], 0n);
      expect(store.writeStats()).toEqual({ commits: 2, appends: 2, statements: 4 + 8 });

      await expect(store.append('order-1', [event({})], 0n)).rejects.toBeInstanceOf(ConcurrencyError);
      expect(store.writeStats()).toEqual({ commits: 3, appends: 2, statements: 12 + 3 });
    });

    it('commits what is queued when closed', async () => {
      const file = newFile();
      const store = SqliteEventStore.open(file, { writer });

      const appended = store.append('order-1', [event({ n: 1 })], 'no_stream');
      await store.close();

      await expect(appended).resolves.toMatchObject({ nextExpectedRevision: 0n });
      expect((await open(file).readStream('order-1')).map((e) => e.data)).toEqual([{ n: 1 }]);
    });

    it('rejects every append of a batch whose transaction fails (the write lock still held after the 5 s busy timeout)', async () => {
      const file = newFile();
      const store = open(file);
      const blocker = new Database(file);
      blocker.exec('BEGIN IMMEDIATE');

      // better-sqlite3 waits synchronously: this thread sleeps through the busy timeout, the lock stays held.
      const settled = await Promise.allSettled([
        store.append('order-1', [event({ n: 1 })], 'no_stream'),
        store.append('order-2', [event({ n: 2 })], 'no_stream'),
      ]);
      blocker.exec('ROLLBACK');
      blocker.close();

      expect(settled.map((result) => (result as PromiseRejectedResult).reason?.code)).toEqual([
        'SQLITE_BUSY',
        'SQLITE_BUSY',
      ]);
      expect(store.writeStats().commits).toBe(0);
      await store.append('order-1', [event({ n: 3 })], 'no_stream');
      expect((await store.readStream('order-1')).map((e) => e.data)).toEqual([{ n: 3 }]);
    });

    it('the append waits for its commit', async () => {
      const file = newFile();
      const reader = open(file);
      // better-sqlite3 is synchronous: a store waiting for the write lock blocks its whole thread. So the
      // store under test runs in a child process, and this thread stays free to hold the lock, watch and read.
      const writer = storeInChildProcess(file);
      try {
        await writer.said('ready');
        const blocker = new Database(file);
        blocker.exec('BEGIN IMMEDIATE');

        writer.appendOnce();
        await writer.said('appending');
        await new Promise((wait) => setTimeout(wait, 200));
        expect(writer.lines.filter((line) => line.startsWith('appended'))).toEqual([]);
        expect(await reader.readStream('order-1')).toEqual([]);

        blocker.exec('COMMIT');
        blocker.close();
        await writer.said('appended');
        expect((await reader.readStream('order-1')).map((e) => e.type)).toEqual(['OrderPlaced']);
      } finally {
        writer.child.kill();
      }
    });
  },
);

/** A SqliteEventStore in a child process (run from source, as test/support does) that appends once when told. */
function storeInChildProcess(file: string) {
  const script = `
    const { SqliteEventStore } = require(${JSON.stringify(join(repoRoot, 'libs/event-store/src/sqlite.event-store.ts'))});
    const store = SqliteEventStore.open(${JSON.stringify(file)});
    console.log('ready');
    process.stdin.once('data', () => {
      console.log('appending');
      store.append('order-1', [{ type: 'OrderPlaced', data: {} }], 'no_stream').then(
        (result) => console.log('appended ' + result.position.commit),
        (error) => console.log('failed ' + error.message),
      ).finally(() => store.close().then(() => process.exit()));
    });`;
  const child: ChildProcess = spawn(
    process.execPath,
    ['-r', join(repoRoot, 'test/support/register-ts.js'), '-e', script],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines: string[] = [];
  const waiting: { prefix: string; found: () => void }[] = [];
  let buffered = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const complete = buffered.split('\n');
    buffered = complete.pop()!;
    lines.push(...complete);
    for (const wait of [...waiting]) if (complete.some((line) => line.startsWith(wait.prefix))) wait.found();
  });
  return {
    child,
    lines,
    appendOnce: () => child.stdin!.write('go\n'),
    said: (prefix: string) =>
      new Promise<void>((found) => {
        if (lines.some((line) => line.startsWith(prefix))) found();
        else waiting.push({ prefix, found });
      }),
  };
}
