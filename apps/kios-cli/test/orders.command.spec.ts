import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { readSettings, type RawSettings } from '@kios/config';
import { FixedClock } from '@kios/dana-protocol';
import { openKiosEventStore } from '@kios/event-store';
import { type OrderCommand, orderStream } from '@kios/ordering';
import { kiosProjections, rebuildProjections } from '@kios/projections';
import { pendingOrderCommands, telkomselCredit, writeOrderCommands } from '@kios/testing';
import { CliContext, CliError } from '../src/cli-context';
import { ordersFlagged } from '../src/commands/orders-flagged.command';
import { ordersSettle } from '../src/commands/orders-settle.command';

const PLACED = new Date('2025-01-15T03:06:10.000Z');
const FLAGGED = new Date('2025-04-06T03:06:10.000Z'); // 81 days later
const NOW = new Date('2025-04-07T02:00:00.000Z');
const REASON = 'supplier reference KIOS-… past the 80.0-day recheck horizon (KIOS_DIGIFLAZZ_RECHECK_HORIZON)';
const EVIDENCE = 'Digiflazz mutasi 2025-01-15 10:06, Sukses, SN 0412999988887777';

const pending = (requestId: string): OrderCommand[] =>
  pendingOrderCommands({
    requestId,
    orderId: `ORD-${requestId}`,
    product: telkomselCredit,
    destination: { primaryParam: '081234567890' },
    now: PLACED,
  });

/** A data folder with three orders: one flagged for an operator, one pending, one succeeded; read models projected. */
async function seeded(): Promise<RawSettings> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kios-cli-orders-'));
  const settings = readSettings({ KIOS_DATA_DIR: dataDir, KIOS_FULFILMENT_HORIZON_MS: '86400000' });
  const clock = new FixedClock(PLACED);
  const store = await openKiosEventStore(settings.eventStore, clock);
  try {
    await writeOrderCommands(store, clock, 'REQ-OLD', [
      ...pending('REQ-OLD'),
      { type: 'FlagForOperator', data: { requestId: 'REQ-OLD', reason: REASON, now: FLAGGED } },
    ]);
    await writeOrderCommands(store, clock, 'REQ-PENDING', pending('REQ-PENDING'));
    await writeOrderCommands(store, clock, 'REQ-DONE', [
      ...pending('REQ-DONE'),
      {
        type: 'RecordOutcome',
        data: { requestId: 'REQ-DONE', outcome: { status: 'succeeded', serialNumber: 'SN-1' }, now: PLACED },
      },
    ]);
    await rebuildProjections({ store, readModelUrl: settings.readModel, projections: kiosProjections });
  } finally {
    await store.close();
  }
  return settings;
}

/** Runs one kios-cli command against the data folder, as of NOW, and gives what it printed. */
async function run(
  settings: RawSettings,
  command: (args: string[], context: CliContext) => Promise<void>,
  args: string[],
): Promise<string> {
  const out = new PassThrough();
  let printed = '';
  out.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const context = new CliContext(settings, out, new FixedClock(NOW));
  try {
    await command(args, context);
  } finally {
    await context.close();
  }
  return printed;
}

async function orderEvents(settings: RawSettings, requestId: string) {
  const store = await openKiosEventStore(settings.eventStore, new FixedClock(NOW));
  try {
    return await store.readStream(orderStream(requestId));
  } finally {
    await store.close();
  }
}

describe('kios-cli orders flagged and orders settle', () => {
  let settings: RawSettings;
  beforeEach(async () => {
    settings = await seeded();
  });
  afterEach(() => rmSync(settings.dataDir, { recursive: true, force: true }));

  it('lists the flagged order, not the pending or the succeeded one, with its status, since when (GMT+7) and why', async () => {
    expect((await run(settings, ordersFlagged, [])).split('\n')).toEqual([
      'REQUEST ID  ORDER ID     STATUS   SINCE                      REASON',
      `REQ-OLD     ORD-REQ-OLD  pending  2025-04-06T10:06:10+07:00  ${REASON}`,
      '',
    ]);
    expect(JSON.parse(await run(settings, ordersFlagged, ['--json']))).toEqual([
      {
        requestId: 'REQ-OLD',
        orderId: 'ORD-REQ-OLD',
        status: 'pending',
        reason: REASON,
        since: '2025-04-06T10:06:10+07:00',
      },
    ]);
  });

  it('settles the flagged order as succeeded in the operator’s name, after which it is no longer listed', async () => {
    const printed = await run(settings, ordersSettle, [
      'REQ-OLD',
      '--succeeded',
      '--serial',
      '0412999988887777',
      '--evidence',
      EVIDENCE,
      '--operator',
      'siti',
    ]);

    expect(printed).toBe(
      'order REQ-OLD settled SUCCESS (serial number 0412999988887777) by kios-cli (siti); ' +
        'kios sends DANA the Order Complete Callback shortly\n',
    );
    const events = await orderEvents(settings, 'REQ-OLD');
    expect(events.slice(-2)).toMatchObject([
      {
        type: 'FulfilmentSettledByOperator',
        data: { settledBy: 'kios-cli (siti)', decision: 'succeeded', evidence: EVIDENCE },
        recordedAt: NOW,
      },
      { type: 'OrderSucceeded', data: { serialNumber: '0412999988887777' } },
    ]);
    expect(events.at(-1)!.metadata.correlationId).toMatch(/^kios-cli-orders-settle-/);
    const store = await openKiosEventStore(settings.eventStore, new FixedClock(NOW));
    await rebuildProjections({ store, readModelUrl: settings.readModel, projections: kiosProjections });
    await store.close();
    expect(await run(settings, ordersFlagged, [])).toBe('no order needs an operator\n');
  });

  it('settles as failed with the reason, named after the OS user without --operator', async () => {
    const printed = await run(settings, ordersSettle, [
      'REQ-PENDING',
      '--failed',
      '--reason',
      'Gagal at the supplier',
      '--evidence',
      'Digiflazz support ticket #4411',
    ]);

    expect(printed).toMatch(
      /^order REQ-PENDING settled FAILED \(Gagal at the supplier\) by kios-cli \(.+\); /,
    );
    expect((await orderEvents(settings, 'REQ-PENDING')).slice(-1)).toMatchObject([
      { type: 'OrderFailed', data: { code: 'supplier_failed', reason: 'Gagal at the supplier' } },
    ]);
  });

  const ok = ['--evidence', 'y'];
  it.each([
    [
      'a final order',
      ['REQ-DONE', '--failed', '--reason', 'x', ...ok],
      'order REQ-DONE is already succeeded: there is nothing to settle (kios-cli history REQ-DONE shows how it ended)',
    ],
    [
      'an unknown order',
      ['REQ-NONE', '--failed', '--reason', 'x', ...ok],
      'no order with requestId REQ-NONE',
    ],
    ['no evidence', ['REQ-OLD', '--succeeded', '--serial', 'SN'], '--evidence <text> is required'],
    [
      'both decisions',
      ['REQ-OLD', '--succeeded', '--failed', '--serial', 'SN', ...ok],
      'say either --succeeded or --failed',
    ],
    ['no decision', ['REQ-OLD', ...ok], 'say either --succeeded or --failed'],
    [
      'a success without a serial number',
      ['REQ-OLD', '--succeeded', ...ok],
      '--succeeded needs --serial <sn>',
    ],
    [
      'a blank serial number',
      ['REQ-OLD', '--succeeded', '--serial', ' ', ...ok],
      '--serial must not be empty',
    ],
    [
      'a serial number longer than order_detail keeps',
      ['REQ-OLD', '--succeeded', '--serial', 'S'.repeat(129), ...ok],
      '--serial is longer than 128 characters',
    ],
    ['a failure without a reason', ['REQ-OLD', '--failed', ...ok], '--failed needs --reason <text>'],
    [
      'a failure with a serial number',
      ['REQ-OLD', '--failed', '--reason', 'x', '--serial', 'SN', ...ok],
      '--serial and --token go with --succeeded',
    ],
    [
      'a blank operator name',
      ['REQ-OLD', '--succeeded', '--serial', 'SN', ...ok, '--operator', ''],
      '--operator must not be empty',
    ],
    ['no requestId', ['--succeeded', '--serial', 'SN', ...ok], 'expected one requestId'],
  ])('refuses %s with a message, writing nothing', async (_case, args, message) => {
    const requestId = args[0].startsWith('--') ? 'REQ-OLD' : args[0];
    const before = await orderEvents(settings, requestId);

    const settling = run(settings, ordersSettle, args);

    await expect(settling).rejects.toBeInstanceOf(CliError);
    await expect(settling).rejects.toThrow(message);
    expect(await orderEvents(settings, requestId)).toHaveLength(before.length);
  });
});
