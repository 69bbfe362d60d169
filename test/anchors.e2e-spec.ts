// Long on purpose: every tamper test works on a copy of the one store a real kios and its anchor writer left, so they share one kios run (about 20 s) instead of starting one per file.
import { randomUUID } from 'node:crypto';
import { copyFileSync, cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type Anchor, ANCHOR_STREAM, readAnchor } from '@kios/event-store';
import { eventually } from './support/eventually';
import { KiosProcess, tempDataDir } from './support/kios-process';
import { telcoOrderBody } from './support/order-tests';
import { type CliRun, runApp } from './support/run-cli';

/**
 * Tamper tests of issue 21 ("Must show"): a real kios places a few orders and its AnchorWriter
 * covers them with anchors; then each test takes a COPY of its SQLite event store, removes or edits
 * rows there with better-sqlite3, and reads what `kios-cli verify` prints and its exit code.
 */

interface Row {
  position: number;
  stream: string;
  revision: number;
}

const token = `admin-${randomUUID()}`;
let kios: KiosProcess;
let requestIds: string[];
let stopped: Promise<void> | undefined;

const kiosCli = (args: string[], dataDir: string): Promise<CliRun> =>
  runApp('kios-cli', args, {
    KIOS_DATA_DIR: dataDir,
    KIOS_EVENT_STORE: `sqlite:${join(dataDir, 'events.db')}`,
    KIOS_READ_MODEL: `sqlite:${join(dataDir, 'read.db')}`,
  });

/** kios stopped and its WAL folded into the file, once, before the first copy is taken. */
function stopKios(): Promise<void> {
  stopped ??= kios.kill().then(() => {
    const db = new Database(join(kios.dataDir, 'events.db'));
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
  });
  return stopped;
}

/** A copy of the store kios left (the dev keys along: verify checks the anchors with kios's key). */
async function copyOfStore(): Promise<string> {
  await stopKios();
  const copy = tempDataDir('kios-anchors-copy-');
  copyFileSync(join(kios.dataDir, 'events.db'), join(copy, 'events.db'));
  mkdirSync(join(copy, 'keys'));
  cpSync(join(kios.dataDir, 'keys'), join(copy, 'keys'), { recursive: true });
  return copy;
}

function openCopy(copy: string): Database.Database {
  return new Database(join(copy, 'events.db'));
}

function anchorsOf(db: Database.Database): Anchor[] {
  return (
    db.prepare('SELECT data FROM events WHERE stream = ? ORDER BY revision').all(ANCHOR_STREAM) as Array<{
      data: string;
    }>
  ).map((row, index) => readAnchor(JSON.parse(row.data), `anchor ${index}`));
}

/** Events of the log (not the anchors') at or before `position`, newest first. */
function coveredRows(db: Database.Database, position: number): Row[] {
  return db
    .prepare(
      'SELECT position, stream, revision FROM events WHERE stream != ? AND position <= ? ORDER BY position DESC',
    )
    .all(ANCHOR_STREAM, position) as Row[];
}

const lastPosition = (anchor: Anchor) => Number(anchor.position.split('/')[1]);

function expectBroken(run: CliRun): string[] {
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(/^kios-cli: verified \d+ events in \d+ streams against .*: \d+ breaks?\n$/);
  return run.stdout.trimEnd().split('\n');
}

beforeAll(async () => {
  kios = new KiosProcess({
    env: {
      KIOS_DANA_BASE_URL: 'http://127.0.0.1:9',
      KIOS_ADMIN_TOKEN: token,
      KIOS_ANCHOR_EVERY_EVENTS: '1000',
      KIOS_ANCHOR_EVERY_MS: '300',
    },
  });
  await kios.start();
  const client = kios.client();
  const bodies = ['081234567001', '081234567002', '081234567003', '081234567004'].map(telcoOrderBody);
  for (const body of bodies) {
    const reply = await client.createOrder(body);
    expect(reply.envelope.response.body.order.orderStatus.status).toBe('SUCCESS');
  }
  requestIds = bodies.map((body) => body.requestId);
  // Every event covered by an anchor the worker's AnchorWriter wrote.
  await eventually(async () => {
    const run = await kiosCli(['verify', '--all'], kios.dataDir);
    expect(run.stdout).toMatch(/; 0 events not yet covered by an anchor: no break\n$/);
  }, 30_000);
}, 90_000);

afterAll(() => kios.kill());

describe('the admin API and the timeline page once anchors cover the orders', () => {
  const get = (path: string) =>
    fetch(`http://127.0.0.1:${kios.port}${path}`, { headers: { authorization: `Bearer ${token}` } });

  it('answers the verify JSON with no break, and the timeline page says "verified"', async () => {
    const res = await get('/admin/verify');
    const all = (await res.json()) as { summary: string };
    expect(all).toMatchObject({ intact: true, breaks: [], anchorBreaks: [], notYetCovered: 0 });
    expect(all.summary).toMatch(/; 0 events not yet covered by an anchor: no break$/);

    const order = await (await get(`/admin/orders/${requestIds[0]}/verify`)).json();
    expect(order).toMatchObject({ intact: true, verdict: 'verified', notYetCovered: 0, anchorBreaks: [] });

    const page = await (await get(`/admin/orders/${requestIds[0]}/timeline`)).text();
    expect(page).toContain(
      '<p class="verdict" data-verdict="verified" style="font-weight:700;color:#2b8a3e">verified</p>',
    );
  });
});

describe('kios-cli verify --all on a copy of a store its anchors cover', () => {
  it('verifies the untouched copy clean, and the AnchorWriter logged each anchor', async () => {
    const run = await kiosCli(['verify', '--all'], await copyOfStore());

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^verified \d+ events in \d+ streams against \d+ anchors? up to position \d+\/\d+ \(\d+ log events found covered\); 0 events not yet covered by an anchor: no break\n$/,
    );
    expect(kios.log).toMatch(
      /anchor #0: position \d+\/\d+, \d+ events \(\d+ in all\), log hash [0-9a-f]{12}…/,
    );
  });

  it('names the stream and revision when the last event of an order stream is removed', async () => {
    const copy = await copyOfStore();
    const stream = `order-${requestIds[1]}`;
    const db = openCopy(copy);
    const { last } = db.prepare('SELECT MAX(revision) AS last FROM events WHERE stream = ?').get(stream) as {
      last: number;
    };
    expect(db.prepare('DELETE FROM events WHERE stream = ? AND revision = ?').run(stream, last).changes).toBe(
      1,
    );
    db.close();

    const lines = expectBroken(await kiosCli(['verify', '--all'], copy));
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^break: stream ${stream} is shorter: anchor #\\d+ has ${stream} up to revision ${last}, the store ends at revision ${last - 1}; revision ${last} is missing`,
        ),
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^break: the log between position .+? and position \S+ does not match anchor #\d+: anchor #\d+ counted (\d+) events there, the store holds \d+ .*: 1 covered event is gone$/,
      ),
    );

    const order = await kiosCli(['verify', requestIds[1]], copy);
    expect(order.code).toBe(1);
    expect(order.stdout).toMatch(
      new RegExp(
        `^break: stream ${stream} is shorter: anchor #\\d+ has ${stream} up to revision ${last}, the store ends at revision ${last - 1}`,
        'm',
      ),
    );
  });

  it('names a whole order stream removed', async () => {
    const copy = await copyOfStore();
    const stream = `order-${requestIds[2]}`;
    const db = openCopy(copy);
    const removed = db.prepare('DELETE FROM events WHERE stream = ?').run(stream).changes;
    db.close();
    expect(removed).toBeGreaterThan(1);

    const lines = expectBroken(await kiosCli(['verify', '--all'], copy));
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^break: stream ${stream} is missing: anchor #\\d+ has ${stream} up to revision ${removed - 1}; the store holds none of its events`,
        ),
      ),
    );
    const order = await kiosCli(['verify', requestIds[2]], copy);
    expect(order.code).toBe(1);
    expect(order.stdout).toContain(`break: stream ${stream} is missing`);
  });

  it('names where and how many when the newest 10 covered events of the log are removed', async () => {
    const copy = await copyOfStore();
    const db = openCopy(copy);
    const anchors = anchorsOf(db);
    const newest = coveredRows(db, lastPosition(anchors.at(-1)!)).slice(0, 10);
    for (const row of newest) db.prepare('DELETE FROM events WHERE position = ?').run(row.position);
    db.close();

    const lines = expectBroken(await kiosCli(['verify', '--all'], copy));
    const spans = lines
      .map((line) =>
        /^break: the log between position (.+?) and position (\S+) does not match anchor #\d+: anchor #\d+ counted (\d+) events there, the store holds (\d+)/.exec(
          line,
        ),
      )
      .filter((match) => match !== null);
    // Between which anchors' positions, and how many each anchor counted against what is left: 10 in all.
    for (const [, from, to] of spans) {
      expect(
        anchors.some(
          (anchor) => anchor.position === to && (anchor.previousPosition ?? '0/0 (its start)') === from,
        ),
      ).toBe(true);
    }
    expect(spans.map((match) => Number(match[3]) - Number(match[4])).reduce((a, b) => a + b, 0)).toBe(10);
    // Each stream whose newest events went is named with the revisions missing.
    const lastOfStream = new Map<string, number>();
    for (const row of [...newest].reverse()) lastOfStream.set(row.stream, row.revision);
    for (const stream of lastOfStream.keys()) {
      expect(lines).toContainEqual(
        expect.stringMatching(new RegExp(`^break: stream ${stream} is (shorter|missing)`)),
      );
    }
  });

  it('names an edited anchor: its signature and its place in the anchors stream', async () => {
    const copy = await copyOfStore();
    const db = openCopy(copy);
    const [first] = anchorsOf(db);
    const edited = db
      .prepare("UPDATE events SET data = json_set(data, '$.eventCount', ?) WHERE stream = ? AND revision = 0")
      .run(String(Number(first.eventCount) - 1), ANCHOR_STREAM);
    db.close();
    expect(edited.changes).toBe(1);

    const lines = expectBroken(await kiosCli(['verify', '--all'], copy));
    expect(lines).toContainEqual(
      'break: anchor #0 in the store: signature invalid: the anchor was changed after it was signed',
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(`^break in ${ANCHOR_STREAM} at revision 0, event \\S+: hash mismatch`),
      ),
    );
  });
});

describe('kios-cli anchors export, then verify --all --anchors', () => {
  it('reports the anchors a store lacks when its anchors stream was cut along with the events they covered', async () => {
    const kept = join(tempDataDir('kios-anchors-kept-'), 'anchors.jsonl');
    const exported = await kiosCli(['anchors', 'export', '--output', kept], await copyOfStore());
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(
      new RegExp(`^\\d+ anchors? written to ${kept} \\(up to position \\d+/\\d+, \\d+ events\\)\n$`),
    );

    // The newest 10 covered events removed, and every anchor covering any of them cut from the stream.
    const copy = await copyOfStore();
    const db = openCopy(copy);
    const anchors = anchorsOf(db);
    const newest = coveredRows(db, lastPosition(anchors.at(-1)!)).slice(0, 10);
    const earliestRemoved = Math.min(...newest.map((row) => row.position));
    for (const row of newest) db.prepare('DELETE FROM events WHERE position = ?').run(row.position);
    const cut = anchors.filter((anchor) => lastPosition(anchor) >= earliestRemoved);
    const kept0 = anchors.length - cut.length;
    db.prepare('DELETE FROM events WHERE stream = ? AND revision >= ?').run(ANCHOR_STREAM, kept0);
    db.close();
    expect(cut.length).toBeGreaterThan(0);

    // The store alone cannot tell: what is left of it is consistent, and its newest events are
    // merely "not yet covered" (the documented window).
    const alone = await kiosCli(['verify', '--all'], copy);
    expect(alone.code).toBe(0);
    expect(alone.stdout).toMatch(/ events not yet covered by an anchor: no break\n$/);

    const lines = expectBroken(await kiosCli(['verify', '--all', '--anchors', kept], copy));
    const firstCut = cut[0];
    const lastCut = cut.at(-1)!;
    expect(lines).toContainEqual(
      `break: the store lacks ${cut.length} ${cut.length === 1 ? 'anchor' : 'anchors'} of the kept copy: #${firstCut.sequence}` +
        `${cut.length > 1 ? ` to #${lastCut.sequence}` : ''} (covering the log up to position ${lastCut.position}, ${lastCut.totalEventCount} events in all); ` +
        `the store's anchors stream ends ${kept0 === 0 ? 'before its first anchor (it is empty)' : `at anchor #${kept0 - 1} (position ${anchors[kept0 - 1].position})`}`,
    );
    const gone = lines
      .map((line) => /counted (\d+) events there, the store holds (\d+)/.exec(line))
      .filter((match) => match !== null)
      .map((match) => Number(match[1]) - Number(match[2]));
    expect(gone.reduce((a, b) => a + b, 0)).toBe(10);
  });

  it('refuses a kept copy that is not anchors, naming the line', async () => {
    const copy = await copyOfStore();
    const bad = join(copy, 'bad.jsonl');
    writeFileSync(bad, '{"version":1}\n');
    const run = await kiosCli(['verify', '--all', '--anchors', bad], copy);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`kios-cli: --anchors: ${bad} line 1: sequence is missing or malformed\n`);
  });
});
