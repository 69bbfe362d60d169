import { join } from 'node:path';
import Database from 'better-sqlite3';
import { FixedClock } from '@kios/dana-protocol';
import { openKiosEventStore, type RecordedEvent } from '@kios/event-store';
import {
  CREATE_ORDER_MSG,
  INQUIRY_ID,
  INQUIRY_MSG,
  REQUEST_ID,
  STORY_TYPES,
  TIMES,
  writeOrderStory,
} from '@kios/testing';
import { tempDataDir } from './support/kios-process';
import { runApp } from './support/run-cli';

/** A SQLite event store holding the story, written the way kios writes (hash-chained). */
async function storyStore(): Promise<{ env: Record<string, string>; file: string; events: RecordedEvent[] }> {
  const dataDir = tempDataDir('kios-audit-');
  const file = join(dataDir, 'events.db');
  const clock = new FixedClock(new Date(0));
  const store = await openKiosEventStore(`sqlite:${file}`, clock);
  const events = await writeOrderStory(store, clock);
  await store.close();
  return { env: { KIOS_DATA_DIR: dataDir, KIOS_EVENT_STORE: `sqlite:${file}` }, file, events };
}

const kiosCli = (args: string[], env: Record<string, string>) => runApp('kios-cli', args, env);

describe('kios-cli history', () => {
  let story: Awaited<ReturnType<typeof storyStore>>;
  beforeAll(async () => {
    story = await storyStore();
  });

  it('lists every event of the order and its inquiry in recorded order, with GMT+7 times and ids', async () => {
    // The host's zone is not GMT+7: the times must be all the same.
    const run = await kiosCli(['history', REQUEST_ID], { ...story.env, TZ: 'America/New_York' });

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const eventLines = run.stdout.split('\n').filter((line) => /^\d{4}-\d{2}-\d{2}T/.test(line));
    expect(eventLines.map((line) => line.split(/\s+/)[1])).toEqual(STORY_TYPES);
    expect(eventLines[0]).toMatch(/^2025-01-15T10:05:00\.000\+07:00 {2}InquiryRecorded /);
    expect(eventLines[0]).toContain(`correlation=${INQUIRY_MSG}  causation=${INQUIRY_MSG}`);
    const consumed = story.events.find((event) => event.type === 'InquiryConsumed')!;
    const placed = story.events.find((event) => event.type === 'OrderPlaced')!;
    expect(consumed.metadata.causationId).toBe(placed.id);
    expect(eventLines[3]).toContain(`inquiry-${INQUIRY_ID}#1`);
    expect(eventLines[3]).toContain(`correlation=${CREATE_ORDER_MSG}  causation=${placed.id}`);
    expect(eventLines[4]).toMatch(/^2025-01-15T10:06:15\.000\+07:00 {2}OrderMarkedPending /);
    expect(run.stdout).toContain('price=Rp 248.000 (24800000 minor units)');
    expect(run.stdout).toContain('serialNumber=0412345678901234');
  });

  it('prints the same history as a JSON document with --json', async () => {
    const run = await kiosCli(['history', REQUEST_ID, '--json'], story.env);

    expect(run.code).toBe(0);
    const document = JSON.parse(run.stdout);
    expect(document).toMatchObject({
      requestId: REQUEST_ID,
      streams: [`order-${REQUEST_ID}`, `inquiry-${INQUIRY_ID}`],
    });
    expect(document.events.map((event: { type: string }) => event.type)).toEqual(STORY_TYPES);
    expect(document.events[4]).toEqual({
      recordedAt: TIMES.pending.replace('+07:00', '.000+07:00'),
      type: 'OrderMarkedPending',
      stream: `order-${REQUEST_ID}`,
      revision: '2',
      position: expect.stringMatching(/^\d+\/\d+$/),
      id: story.events[4].id,
      correlationId: CREATE_ORDER_MSG,
      causationId: story.events[2].id,
      data: { requestId: REQUEST_ID, markedPendingAt: '2025-01-15T03:06:15.000Z' },
      metadata: { correlationId: CREATE_ORDER_MSG, causationId: story.events[2].id, schemaVersion: 1 },
    });
  });

  it('prints the pending state for a time between OrderMarkedPending and OrderSucceeded', async () => {
    const run = await kiosCli(['history', REQUEST_ID, '--at', '2025-01-15T10:06:30+07:00'], story.env);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `order ${REQUEST_ID} as it was at 2025-01-15T10:06:30+07:00 (GMT+7), from 3 of its 5 events`,
    );
    expect(run.stdout).toMatch(/^ {2}status +pending \(DANA sees PENDING\)$/m);
    expect(run.stdout).toMatch(/^ {2}answeredPending +yes$/m);
    expect(run.stdout).not.toContain('serialNumber');
  });

  it('prints the succeeded state once OrderSucceeded was recorded, as JSON with --json', async () => {
    // ISO-8601 in UTC names the same instant as 10:06:40+07:00.
    const run = await kiosCli(['history', REQUEST_ID, '--at', '2025-01-15T03:06:40Z', '--json'], story.env);

    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      requestId: REQUEST_ID,
      at: TIMES.succeeded,
      eventsApplied: 4,
      state: {
        status: 'succeeded',
        danaStatus: 'SUCCESS',
        serialNumber: '0412345678901234',
        price: { minor: '24800000', currency: 'IDR' },
        callback: { status: 'owed', attempts: 0 },
      },
    });
  });

  it('answers an unknown requestId with a clear message and exit code 1', async () => {
    const run = await kiosCli(['history', 'no-such-request'], story.env);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe('kios-cli: no order with requestId no-such-request\n');
    expect(run.stdout).toBe('');
  });

  it('refuses an --at that is not a time, with exit code 1', async () => {
    const run = await kiosCli(['history', REQUEST_ID, '--at', '15/01/2025 10:06'], story.env);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--at "15/01/2025 10:06" is not a time');
  });
});

describe('kios-cli verify', () => {
  it('verifies an untouched store clean, then names an event altered in the SQLite file', async () => {
    const story = await storyStore();
    const clean = await kiosCli(['verify', REQUEST_ID], story.env);
    expect(clean.stderr).toBe('');
    expect(clean.code).toBe(0);
    // No AnchorWriter ran on this store: every event waits for its first anchor (README "Anchors").
    expect(clean.stdout).toBe(
      'verified 7 events in 2 streams: no break; 7 events not yet covered by an anchor\n',
    );

    const pending = story.events[4];
    const db = new Database(story.file);
    const changed = db
      .prepare('UPDATE events SET data = ? WHERE stream = ? AND revision = ?')
      .run(
        JSON.stringify({ requestId: REQUEST_ID, markedPendingAt: '2025-01-15T03:06:59.000Z' }),
        pending.stream,
        2,
      );
    db.close();
    expect(changed.changes).toBe(1);

    for (const [args, summary] of [
      [
        ['verify', REQUEST_ID],
        'verified 7 events in 2 streams: 1 break; 7 events not yet covered by an anchor',
      ],
      [
        ['verify', '--all'],
        'verified 7 events in 2 streams against no anchor yet; 7 events not yet covered by an anchor: 1 break',
      ],
    ] as const) {
      const tampered = await kiosCli([...args], story.env);
      expect(tampered.code).toBe(1);
      expect(tampered.stdout.trimEnd().split('\n')).toEqual([
        expect.stringMatching(
          new RegExp(`^break in order-${REQUEST_ID} at revision 2, event ${pending.id}: hash mismatch `),
        ),
      ]);
      expect(tampered.stderr).toBe(`kios-cli: ${summary}\n`);
    }
  });

  it('answers an unknown requestId with a clear message and exit code 1', async () => {
    const story = await storyStore();
    const run = await kiosCli(['verify', 'no-such-request'], story.env);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe('kios-cli: no order with requestId no-such-request\n');
  });
});
