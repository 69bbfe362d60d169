import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { readSettings } from '@kios/config';
import { FixedClock } from '@kios/dana-protocol';
import {
  ANCHOR_STREAM,
  ANCHOR_WRITER,
  anchorEvent,
  LOG_START,
  LogSegment,
  openKiosEventStore,
  openLeaseStore,
} from '@kios/event-store';
import { CliContext } from '../src/cli-context';
import { processorsStatus } from '../src/commands/processors-status.command';

const NOW = new Date('2026-01-01T00:00:00.000Z');

describe('kios-cli processors status', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'kios-cli-processors-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  async function run(args: string[]): Promise<string> {
    const out = new PassThrough();
    let printed = '';
    out.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    const context = new CliContext(readSettings({ KIOS_DATA_DIR: dataDir }), out, new FixedClock(NOW));
    try {
      await processorsStatus(args, context);
    } finally {
      await context.close();
    }
    return printed;
  }

  /** Leases as two replicas left them in the events file: one held now, one ended a second ago. */
  async function leasesTaken(): Promise<void> {
    const settings = readSettings({ KIOS_DATA_DIR: dataDir });
    const earlier = new FixedClock(new Date(NOW.getTime() - 10_000));
    const { store } = await openLeaseStore(settings.eventStore, earlier);
    try {
      await store.acquire('fulfilment_follow_up', 'host-b/41/beef01', 9_000);
      earlier.set(NOW);
      await store.acquire('callback_dispatcher', 'host-a/7/c0ffee', 10_000);
      await store.acquire('order_detail', 'host-a/7/c0ffee', 10_000);
    } finally {
      await store.close();
    }
  }

  it('lists each projection and each leased reactor with its holder, until when, token and checkpoint', async () => {
    await leasesTaken();

    const rows = JSON.parse(await run(['--json'])) as Record<string, unknown>[];
    const byName = new Map(rows.map((row) => [row.name, row]));

    expect(byName.get('order_detail')).toEqual({
      name: 'order_detail',
      kind: 'projection',
      holder: 'host-a/7/c0ffee',
      until: '2026-01-01T07:00:10+07:00',
      token: 1,
      checkpoint: null,
      lag: { events: 0, eventsCapped: false },
      pending: null,
    });
    expect(byName.get('callback_dispatcher')).toMatchObject({
      kind: 'reactor',
      holder: 'host-a/7/c0ffee',
      pending: { count: 0, of: 'due callbacks' },
    });
    // Its holder's lease ended: nobody runs it until a replica takes it.
    expect(byName.get('fulfilment_follow_up')).toMatchObject({
      kind: 'reactor',
      holder: null,
      until: null,
      token: 1,
    });
    expect(rows.filter((row) => row.kind === 'projection').length).toBeGreaterThan(1);
  });

  it('prints a table with a row per processor', async () => {
    await leasesTaken();

    const lines = (await run([])).trimEnd().split('\n');

    expect(lines[0]).toMatch(
      /^PROCESSOR\s+KIND\s+HOLDER\s+UNTIL\s+TOKEN\s+CHECKPOINT\s+LAG EVENTS\s+PENDING$/,
    );
    expect(lines.find((line) => line.startsWith('callback_dispatcher'))).toMatch(
      /^callback_dispatcher\s+reactor\s+host-a\/7\/c0ffee\s+2026-01-01T07:00:10\+07:00\s+1\s+-\s+-\s+0 due callbacks$/,
    );
  });

  it("shows the anchor writer's last anchor as its checkpoint and the events after it as its lag", async () => {
    const settings = readSettings({ KIOS_DATA_DIR: dataDir });
    const clock = new FixedClock(NOW);
    const store = await openKiosEventStore(settings.eventStore, clock);
    try {
      for (let n = 0; n < 5; n += 1)
        await store.append(`order-R${n}`, [{ type: 'OrderNoted', data: { n } }], 'no_stream');
      const segment = new LogSegment(LOG_START);
      for await (const event of store.underlying.readAll({ maxCount: 3 })) segment.add(event);
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const anchor = segment.seal(NOW, privateKey)!;
      await store.append(
        ANCHOR_STREAM,
        [anchorEvent(anchor, { correlationId: 'anchor-0', recordedAt: 'now' })],
        'no_stream',
      );
      const { store: leases } = await openLeaseStore(settings.eventStore, clock);
      await leases.acquire(ANCHOR_WRITER, 'host-a/7/c0ffee', 10_000);
      await leases.close();
    } finally {
      await store.close();
    }

    const rows = JSON.parse(await run(['--json'])) as Record<string, unknown>[];

    // Covered up to the third event; the fourth, the fifth and the anchor's own event come after it.
    expect(rows.find((row) => row.name === ANCHOR_WRITER)).toMatchObject({
      kind: 'reactor',
      holder: 'host-a/7/c0ffee',
      checkpoint: '3/3',
      lag: { events: 3, eventsCapped: false },
    });
  });
});
