import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseDocument } from 'yaml';
import type { RequestLogEntry } from '../apps/supplier-sim/src';
import { setWithOverrides } from '../acceptance/supplier-set';
import { purchasesBoughtTwice, transactionCallsByCommand } from '../acceptance/supplier-log';

/** What `npm run acceptance -- --supplier digiflazz` adds to a run: the set's overrides and the log check. */

const call = (entry: Partial<RequestLogEntry>): RequestLogEntry => ({
  at: '2026-01-01T00:00:00.000Z',
  path: '/v1/transaction',
  command: 'topup',
  ref_id: 'KIOS-A',
  customer_no: '081234567345',
  sku: 'TSEL10',
  rc: '00',
  status: 'Sukses',
  http_status: 200,
  created: false,
  ...entry,
});

describe("supplier-sim's log read after an acceptance run", () => {
  it('is clean when each ref_id made one transaction per command, repeats under it made none', () => {
    const log = [
      call({ created: true, rc: '03', status: 'Pending' }),
      call({}), // the status check: the same top-up again
      call({ ref_id: 'KIOS-B', command: 'inq-pasca', sku: 'PLNPOST', created: true }),
      call({ ref_id: 'KIOS-B', command: 'pay-pasca', sku: 'PLNPOST', created: true }),
      call({ ref_id: 'KIOS-B', command: 'status-pasca', sku: 'PLNPOST' }),
      call({ path: '/v1/price-list', command: 'prepaid', ref_id: undefined }),
    ];
    expect(purchasesBoughtTwice(log)).toEqual([]);
    expect(transactionCallsByCommand(log)).toBe('topup 2, inq-pasca 1, pay-pasca 1, status-pasca 1');
  });

  it('names a ref_id that made two transactions of one command', () => {
    const log = [
      call({ created: true }),
      call({ ref_id: 'KIOS-B', command: 'pay-pasca', created: true }),
      call({ created: true }),
    ];
    expect(purchasesBoughtTwice(log)).toEqual(['ref_id KIOS-A made 2 topup transactions']);
  });

  it('names a ref_id sent for another purchase (rc 49)', () => {
    const log = [call({ created: true }), call({ customer_no: '081234567346', rc: '49', status: 'Gagal' })];
    expect(purchasesBoughtTwice(log)).toEqual([
      'ref_id KIOS-A was sent for another purchase (topup of TSEL10 for 081234567346): rc 49',
    ]);
  });

  it('counts a call whose body it could not read as unread', () => {
    expect(
      transactionCallsByCommand([call({ command: undefined, ref_id: undefined, http_status: 503 })]),
    ).toBe('unread 1');
  });
});

describe("a set with a supplier's overrides", () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'kios-acceptance-overrides-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  const write = (name: string, text: string) => {
    const file = join(folder, name);
    writeFileSync(file, text);
    return file;
  };

  it("puts the named steps' expectations over their own, key by key, and leaves every other step as it was", () => {
    const set = write(
      'set.yaml',
      [
        '- step: an inquiry',
        '  call: inquire',
        '  productId: TSEL-10K',
        '  destination: 081234567990',
        "  expect: { inquiryStatus: '20', customerName: present }",
        '- step: an order',
        '  call: createOrder',
        '  productId: TSEL-10K',
        '  destination: 081234567990',
        "  price: '1025000'",
        '  expect: { orderStatus: FAILED }',
        '- step: no expectations',
        '  call: products',
        '  type: MOBILE_CREDIT',
      ].join('\n'),
    );
    const overrides = write(
      'digiflazz.yaml',
      [
        "an inquiry: { inquiryStatus: '10' }",
        'no expectations: { count: 6 }',
        "a step this set does not have: { orderStatus: '10' }",
      ].join('\n'),
    );

    const file = setWithOverrides(set, overrides, folder);

    expect(basename(file)).toBe('set.digiflazz.yaml');
    expect(parseDocument(readFileSync(file, 'utf8'), { schema: 'failsafe' }).toJS()).toEqual([
      {
        step: 'an inquiry',
        call: 'inquire',
        productId: 'TSEL-10K',
        destination: '081234567990',
        expect: { inquiryStatus: '10', customerName: 'present' },
      },
      {
        step: 'an order',
        call: 'createOrder',
        productId: 'TSEL-10K',
        destination: '081234567990',
        price: '1025000',
        expect: { orderStatus: 'FAILED' },
      },
      { step: 'no expectations', call: 'products', type: 'MOBILE_CREDIT', expect: { count: '6' } },
    ]);
  });

  it('names only steps of the bundled set in acceptance/digiflazz.yaml', () => {
    const root = join(__dirname, '..');
    const stepNames = (
      parseDocument(readFileSync(join(root, 'acceptance/acceptance.yaml'), 'utf8')).toJS() as {
        step: string;
      }[]
    ).map(({ step }) => step);
    const overridden = Object.keys(
      parseDocument(readFileSync(join(root, 'acceptance/digiflazz.yaml'), 'utf8')).toJS() as object,
    );
    expect(overridden.length).toBeGreaterThan(0);
    expect(overridden.filter((name) => !stepNames.includes(name))).toEqual([]);
  });
});
