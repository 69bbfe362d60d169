import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { readSettings, type RawSettings } from '@kios/config';
import { FixedClock } from '@kios/dana-protocol';
import { openKiosEventStore } from '@kios/event-store';
import { orderIndexProjection, rebuildProjections } from '@kios/projections';
import { listTrafficProducts, writeOrderTraffic } from '../../../libs/projections/test/rebuild/order-traffic';
import { CliContext, CliError } from '../src/cli-context';
import { exportOrders } from '../src/commands/export-orders.command';

const FIRST_ORDER_AT = new Date('2025-01-15T01:00:00.000Z');
const ORDERS = 30;
const PERIOD = ['--from', '2025-01-15T00:00:00+07:00', '--to', '2025-01-16T00:00:00+07:00'];

/** What a terminal (or a pipe) was given. */
class Terminal {
  text = '';
  constructor(readonly isTTY: boolean) {}
  write(chunk: string) {
    this.text += chunk;
  }
}

async function run(settings: RawSettings, args: string[], progress: Terminal): Promise<string> {
  const out = new PassThrough();
  let printed = '';
  out.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const context = new CliContext(settings, out, new FixedClock(FIRST_ORDER_AT));
  try {
    await exportOrders(args, context, progress);
  } finally {
    await context.close();
  }
  return printed;
}

describe('kios-cli export orders', () => {
  let settings: RawSettings;
  beforeAll(async () => {
    settings = readSettings({ KIOS_DATA_DIR: mkdtempSync(join(tmpdir(), 'kios-cli-export-')) });
    const clock = new FixedClock(FIRST_ORDER_AT);
    const store = await openKiosEventStore(settings.eventStore, clock);
    try {
      await listTrafficProducts(store, clock);
      await writeOrderTraffic(store, { orders: ORDERS, clock, wave: 10 });
      await rebuildProjections({
        store,
        readModelUrl: settings.readModel,
        projections: [orderIndexProjection],
      });
    } finally {
      await store.close();
    }
  });
  afterAll(() => rmSync(settings.dataDir, { recursive: true, force: true }));

  it('draws its progress on a terminal, ending at every row of the counted total', async () => {
    const terminal = new Terminal(true);

    const printed = await run(settings, PERIOD, terminal);

    expect(printed.split('\r\n').filter(Boolean)).toHaveLength(ORDERS + 1);
    expect(terminal.text).toMatch(/^\r\[/);
    expect(terminal.text.split('\r').at(-1)).toMatch(
      new RegExp(`^\\[={30}\\] ${ORDERS}/${ORDERS} rows {2}[\\d,]+ rows/s {2}ETA 0s\\x1b\\[K\\n$`),
    );
  });

  it('draws nothing where the progress output is no terminal, and writes the same rows', async () => {
    const pipe = new Terminal(false);

    const printed = await run(settings, PERIOD, pipe);

    expect(pipe.text).toBe('');
    expect(printed).toBe(await run(settings, PERIOD, new Terminal(true)));
  });

  it('leaves no partial file behind when the file cannot be put in place', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'kios-cli-export-out-'));
    const taken = join(folder, 'export.csv');
    mkdirSync(taken); // a folder where the file should go: the rename is refused

    await expect(run(settings, [...PERIOD, '--output', taken], new Terminal(false))).rejects.toThrow(
      new CliError(
        `cannot write the export to ${taken}: EISDIR: illegal operation on a directory, rename '${join(folder, `.export.csv.${process.pid}.partial`)}' -> '${taken}'`,
      ),
    );
    expect(readdirSync(folder)).toEqual(['export.csv']);
    rmSync(folder, { recursive: true, force: true });
  });

  it('refuses a format it does not write, naming the ones it does', async () => {
    await expect(run(settings, [...PERIOD, '--format', 'xlsx'], new Terminal(false))).rejects.toThrow(
      '--format "xlsx" is not one of csv, jsonl',
    );
  });
});
