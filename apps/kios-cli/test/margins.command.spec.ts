import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { readSettings, type RawSettings } from '@kios/config';
import { FixedClock, idr } from '@kios/dana-protocol';
import { openKiosEventStore } from '@kios/event-store';
import { checkDestination } from '@kios/fulfillment';
import type { OrderCommand } from '@kios/ordering';
import { telkomselCredit, writeOrderCommands } from '@kios/testing';
import { CliContext, CliError } from '../src/cli-context';
import { margins } from '../src/commands/margins.command';

const PLACED = new Date('2025-01-15T03:06:10.000Z');
const destination = { primaryParam: '081234567890' };

/** An order routed to `supplier` and sold there for `cost`, as kios records it. */
const sold = (requestId: string, supplier: string, cost: number): OrderCommand[] => [
  {
    type: 'PlaceOrder',
    data: {
      requestId,
      orderId: `ORD-${requestId}`,
      productId: telkomselCredit.productId,
      product: { status: 'listed', product: telkomselCredit },
      destination,
      destinationCheck: checkDestination(telkomselCredit, destination),
      danaSellingPrice: telkomselCredit.price,
      route: [{ supplier, sku: 'TSEL10' }],
      now: PLACED,
    },
  },
  {
    type: 'RecordOutcome',
    data: {
      requestId,
      outcome: { status: 'succeeded', serialNumber: `SN-${requestId}`, cost: idr(cost) },
      now: PLACED,
    },
  },
];

async function run(settings: RawSettings, args: string[]): Promise<string> {
  const out = new PassThrough();
  let printed = '';
  out.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const context = new CliContext(settings, out, new FixedClock(PLACED));
  try {
    await margins(args, context);
  } finally {
    await context.close();
  }
  return printed;
}

describe('kios-cli margins', () => {
  let settings: RawSettings;
  beforeEach(async () => {
    settings = readSettings({ KIOS_DATA_DIR: mkdtempSync(join(tmpdir(), 'kios-cli-margins-')) });
    const clock = new FixedClock(PLACED);
    const store = await openKiosEventStore(settings.eventStore, clock);
    try {
      await writeOrderCommands(store, clock, 'REQ-1', sold('REQ-1', 'iak', 1_000_000));
      await writeOrderCommands(store, clock, 'REQ-2', sold('REQ-2', 'digiflazz', 1_009_000));
    } finally {
      await store.close();
    }
  });
  afterEach(() => rmSync(settings.dataDir, { recursive: true, force: true }));

  it('prints cost, DANA’s price and the margin per supplier, then the total (GMT+7 times accepted)', async () => {
    const hostZone = process.env.TZ;
    process.env.TZ = 'America/New_York'; // the period is shown in GMT+7 all the same
    const printed = await run(settings, [
      '--from',
      '2025-01-15T00:00:00+07:00',
      '--to',
      '2025-01-16T00:00:00+07:00',
    ]).finally(() => {
      if (hostZone === undefined) delete process.env.TZ;
      else process.env.TZ = hostZone;
    });
    const lines = printed.trim().split('\n');
    expect(lines[0]).toBe(
      'margins of orders succeeded from 2025-01-15T00:00:00.000+07:00 to 2025-01-16T00:00:00.000+07:00 (GMT+7)',
    );
    expect(lines[1]).toMatch(/^digiflazz +orders +1 +cost +Rp 10\.090 +sold +Rp 10\.250 +margin +Rp 160$/);
    expect(lines[2]).toMatch(/^iak +orders +1 +cost +Rp 10\.000 +sold +Rp 10\.250 +margin +Rp 250$/);
    expect(lines[3]).toMatch(/^total +orders +2 +cost +Rp 20\.090 +sold +Rp 20\.500 +margin +Rp 410$/);
  });

  it('refuses a missing or unreadable period', async () => {
    await expect(run(settings, ['--from', '2025-01-15T00:00:00+07:00'])).rejects.toThrow(/--to is required/);
    await expect(run(settings, ['--from', 'yesterday', '--to', '2025-01-16T00:00:00+07:00'])).rejects.toThrow(
      CliError,
    );
  });
});
