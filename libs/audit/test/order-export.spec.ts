import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  csvField,
  ORDER_EXPORT_COLUMNS,
  orderExportChunks,
  type OrderExportOptions,
  type OrderExportRow,
} from '../src';

const row = (overrides: Partial<OrderExportRow> = {}): OrderExportRow => ({
  requestId: 'REQ-1',
  orderId: 'ORD-1',
  productId: 'TSEL-10K',
  productName: 'Telkomsel 10.000',
  destination: { primaryParam: '081234567890' },
  priceMinor: '1025000',
  status: 'succeeded',
  supplier: 'digiflazz',
  supplierRef: 'KIOS-0123456789abcdef01234567',
  supplierCostMinor: '1000050',
  createdAt: '2025-01-15T03:06:15.250Z',
  settledAt: '2025-01-15T03:06:16.007Z',
  ...overrides,
});

async function* rowsOf(rows: OrderExportRow[]): AsyncGenerator<OrderExportRow> {
  yield* rows;
}

async function exported(rows: OrderExportRow[], options: OrderExportOptions): Promise<string> {
  let text = '';
  for await (const chunk of orderExportChunks(rowsOf(rows), options)) text += chunk;
  return text;
}

const CSV: OrderExportOptions = { format: 'csv', mask: false };
const JSONL: OrderExportOptions = { format: 'jsonl', mask: false };

describe('the reconciliation export', () => {
  it('writes a CSV header in the stable column order, then one CRLF-ended record per order', async () => {
    const text = await exported([row()], CSV);

    expect(text).toBe(
      'requestId,orderId,productId,product,destination,danaPriceMinor,supplier,supplierRef,' +
        'supplierCostMinor,status,createdAt,settledAt\r\n' +
        'REQ-1,ORD-1,TSEL-10K,Telkomsel 10.000,081234567890,1025000,digiflazz,' +
        'KIOS-0123456789abcdef01234567,1000050,succeeded,' +
        '2025-01-15T10:06:15.250+07:00,2025-01-15T10:06:16.007+07:00\r\n',
    );
  });

  it('quotes fields holding commas, quotes or line breaks and doubles their quotes (RFC 4180)', async () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rlf')).toBe('"cr\rlf"');
    expect(csvField(null)).toBe('');

    const text = await exported([row({ productName: 'Voucher "Gold", 50.000\nbonus' })], CSV);
    expect(text.split('\r\n')[1]).toContain(',"Voucher ""Gold"", 50.000\nbonus",');
  });

  it('makes a field a spreadsheet would run as a formula text with a leading quote; plain signed numbers stay', async () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvField('+cmd|"/C calc"!A0')).toBe('"\'+cmd|""/C calc""!A0"');
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tx')).toBe("'\tx");
    expect(csvField('\rx')).toBe('"\'\rx"');
    expect(csvField('+6281234567890')).toBe('+6281234567890');
    expect(csvField('-1025000')).toBe('-1025000');
    expect(csvField('a=b')).toBe('a=b');

    const text = await exported([row({ requestId: '=1+1', productName: '@evil' })], CSV);
    expect(text.split('\r\n')[1]).toMatch(/^'=1\+1,ORD-1,TSEL-10K,'@evil,/);
    // JSON lines are data, not a sheet: the values stay as they are.
    const json = JSON.parse((await exported([row({ requestId: '=1+1' })], JSONL)).trim());
    expect(json.requestId).toBe('=1+1');
  });

  it('leaves a missing supplier, cost or settlement empty in CSV and null in JSON', async () => {
    const simulator = row({
      supplier: null,
      supplierRef: null,
      supplierCostMinor: null,
      settledAt: null,
      productName: null,
    });

    expect((await exported([simulator], CSV)).split('\r\n')[1]).toBe(
      'REQ-1,ORD-1,TSEL-10K,,081234567890,1025000,,,,succeeded,2025-01-15T10:06:15.250+07:00,',
    );
    expect(JSON.parse(await exported([simulator], JSONL))).toMatchObject({
      product: null,
      supplier: null,
      supplierRef: null,
      supplierCostMinor: null,
      settledAt: null,
    });
  });

  it('writes one JSON object a line, keys in the columns’ order, money as minor-unit strings', async () => {
    const text = await exported(
      [row(), row({ requestId: 'REQ-2', priceMinor: 5_000_000n, supplierCostMinor: 4_900_001n })],
      JSONL,
    );

    const lines = text.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    const [first, second] = lines.slice(0, 2).map((line) => JSON.parse(line));
    expect(Object.keys(first)).toEqual([...ORDER_EXPORT_COLUMNS]);
    expect(first).toMatchObject({ danaPriceMinor: '1025000', supplierCostMinor: '1000050' });
    expect(second).toMatchObject({
      requestId: 'REQ-2',
      danaPriceMinor: '5000000',
      supplierCostMinor: '4900001',
    });
  });

  it('refuses an amount that is not whole minor units, or a time that names no instant, rather than write it', async () => {
    await expect(exported([row({ requestId: 'REQ-9', priceMinor: '10250.5' })], CSV)).rejects.toThrow(
      'order REQ-9: danaPriceMinor "10250.5" is not a whole number of minor units',
    );
    await expect(exported([row({ supplierCostMinor: '1e6' })], CSV)).rejects.toThrow(
      /supplierCostMinor "1e6"/,
    );
  });

  it('writes times as GMT+7 wall time with milliseconds, whatever the instant’s own zone', async () => {
    const beforeMidnightUtc = row({
      createdAt: '2025-01-15T17:30:00.000Z',
      settledAt: '2025-01-15T23:59:59.999Z',
    });

    const record = JSON.parse(await exported([beforeMidnightUtc], JSONL));
    expect(record.createdAt).toBe('2025-01-16T00:30:00.000+07:00');
    expect(record.settledAt).toBe('2025-01-16T06:59:59.999+07:00');
  });

  it('masks destinations to their last 4 characters with --mask, keeping a game zone; unmasked otherwise', async () => {
    const rows = [
      row(),
      row({ requestId: 'REQ-2', destination: { primaryParam: '123456789', secondaryParam: '2001' } }),
    ];

    const masked = (await exported(rows, { format: 'csv', mask: true })).split('\r\n');
    expect(masked[1].split(',')[4]).toBe('********7890');
    expect(masked[2].split(',')[4]).toBe('*****6789 (zone 2001)');
    const plain = (await exported(rows, CSV)).split('\r\n');
    expect(plain[1].split(',')[4]).toBe('081234567890');
    expect(plain[2].split(',')[4]).toBe('123456789 (zone 2001)');
  });

  it('is the header alone for a period without orders', async () => {
    expect(await exported([], CSV)).toBe(`${ORDER_EXPORT_COLUMNS.join(',')}\r\n`);
    expect(await exported([], JSONL)).toBe('');
  });

  it('reads no further ahead than the destination has taken (backpressure), then writes every row', async () => {
    const total = 20_000;
    let pulled = 0;
    async function* counted(): AsyncGenerator<OrderExportRow> {
      for (let index = 0; index < total; index += 1) {
        pulled += 1;
        yield row({ requestId: `REQ-${index}` });
      }
    }
    // A destination that takes nothing until it is let go: the source must stall behind it.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let received = '';
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, done) {
        received += chunk.toString();
        void released.then(() => done());
      },
    });

    const writing = pipeline(Readable.from(orderExportChunks(counted(), CSV)), slow);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const pulledWhileBlocked = pulled;
    release();
    await writing;

    // Each chunk is ~64 KiB (~360 rows here); a few chunks at most were read ahead of the blocked writer.
    expect(pulledWhileBlocked).toBeGreaterThan(0);
    expect(pulledWhileBlocked).toBeLessThan(total / 4);
    expect(received.split('\r\n').filter(Boolean)).toHaveLength(total + 1);
  });
});
