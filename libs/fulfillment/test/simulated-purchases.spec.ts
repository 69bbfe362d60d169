import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '@kios/dana-protocol';
import {
  JsonLinesPurchaseLog,
  readPurchaseLog,
  type SimulatedPurchase,
  SimulatorSupplier,
  supplierReferenceFor,
} from '@kios/fulfillment';
import { telkomselCredit } from '@kios/testing';
import { ReferenceFilter } from '../src/simulator/reference-filter';
import { LoggedPurchases } from '../src/simulator/simulated-purchases';

const T0 = new Date('2025-01-15T03:00:00.000Z');

const logFile = () => join(mkdtempSync(join(tmpdir(), 'kios-sim-purchases-')), 'purchases.jsonl');

const request = (n: number) => ({
  product: telkomselCredit,
  destination: { primaryParam: '081234567890' },
  supplierRef: supplierReferenceFor(`REQ-${n}`),
});

const bought = (n: number): SimulatedPurchase => ({
  supplierRef: supplierReferenceFor(`REQ-${n}`),
  productId: telkomselCredit.productId,
  destination: { primaryParam: '081234567890' },
  placedAt: T0,
  settlesAt: T0,
  outcome: { status: 'succeeded', serialNumber: `SN-${n}` },
});

describe('the simulator with a purchase log keeps only its latest purchases in memory', () => {
  it('holds at most its bound however many it buys, and still finds the oldest in the log, buying it once', async () => {
    const file = logFile();
    const supplier = new SimulatorSupplier({
      clock: new FixedClock(T0),
      latencyMs: 0,
      purchaseLog: new JsonLinesPurchaseLog(file),
      rememberedPurchases: 3,
    });
    const answers = [];
    for (let n = 1; n <= 10; n += 1) answers.push(await supplier.purchase(request(n)));

    await expect(supplier.checkStatus(request(1))).resolves.toEqual(answers[0]);
    await expect(supplier.purchase(request(2))).resolves.toEqual(answers[1]);
    supplier.close();
    expect(
      readPurchaseLog(file)
        .filter((entry) => entry.supplierRef === supplierReferenceFor('REQ-2'))
        .map((entry) => entry.type),
    ).toEqual(['purchased', 'repeated']);
  });

  it('forgets the oldest past its bound, reads a forgotten one back from the log, and answers a new reference without reading it', () => {
    const log = new JsonLinesPurchaseLog(logFile());
    const purchases = new LoggedPurchases(log, 3);
    for (let n = 1; n <= 10; n += 1) purchases.bought(bought(n));
    expect(purchases.rememberedCount).toBe(3);

    const wholeLogReads = jest.spyOn(log, 'find');
    expect(purchases.find(supplierReferenceFor('REQ-9'))).toEqual(bought(9));
    expect(purchases.find(supplierReferenceFor('REQ-NEW'))).toBeUndefined();
    expect(wholeLogReads).not.toHaveBeenCalled();

    expect(purchases.find(supplierReferenceFor('REQ-1'))).toEqual(bought(1));
    expect(wholeLogReads).toHaveBeenCalledTimes(1);
    expect(purchases.rememberedCount).toBe(3);
    log.close();
  });

  it('is still right when the filter says "maybe" of a reference never sold: the log says not', () => {
    const log = new JsonLinesPurchaseLog(logFile());
    // Eight bits, all set by the first purchases: every reference is a "maybe".
    const purchases = new LoggedPurchases(log, 3, new ReferenceFilter(8));
    for (let n = 1; n <= 10; n += 1) purchases.bought(bought(n));
    const wholeLogReads = jest.spyOn(log, 'find');

    expect(purchases.find(supplierReferenceFor('REQ-NEW'))).toBeUndefined();
    expect(wholeLogReads).toHaveBeenCalledTimes(1);
    log.close();
  });

  it('restarted on a log many chunks long, reads it a chunk at a time and keeps only the latest', () => {
    const file = logFile();
    const writer = new JsonLinesPurchaseLog(file);
    for (let n = 1; n <= 50; n += 1) writer.purchased(bought(n));
    // A line longer than a chunk is read whole all the same.
    writer.purchased({ ...bought(51), productId: 'X'.repeat(600) });
    writer.close();
    expect(readFileSync(file, 'utf8').length).toBeGreaterThan(40 * 256);

    const log = new JsonLinesPurchaseLog(file, 256);
    const purchases = new LoggedPurchases(log, 5);
    expect(purchases.rememberedCount).toBe(5);
    expect(purchases.find(supplierReferenceFor('REQ-51'))?.productId).toBe('X'.repeat(600));
    for (const n of [1, 25, 50]) expect(purchases.find(supplierReferenceFor(`REQ-${n}`))).toEqual(bought(n));
    expect(log.purchases()).toHaveLength(51);
    log.close();
  });
});

describe('purchase log lookup', () => {
  it('finds the first purchase under a reference, not a repeat, another reference or a torn line', () => {
    const file = logFile();
    const log = new JsonLinesPurchaseLog(file, 64);
    log.purchased(bought(1));
    log.repeated(supplierReferenceFor('REQ-2'), T0);
    log.purchased(bought(2));
    log.purchased({ ...bought(2), productId: 'SECOND' }); // two processes in one instant: the first counts
    log.close();
    writeFileSync(
      file,
      `${readFileSync(file, 'utf8')}{"type":"purchased","supplierRef":"${bought(3).supplierRef}"`,
    );

    const reader = new JsonLinesPurchaseLog(file, 64);
    expect(reader.find(supplierReferenceFor('REQ-2'))).toEqual(bought(2));
    expect(reader.find(supplierReferenceFor('REQ-1'))).toEqual(bought(1));
    expect(reader.find(supplierReferenceFor('REQ-3'))).toBeUndefined();
    expect(reader.find('KIOS-')).toBeUndefined();
    reader.close();
  });
});

describe('reference filter', () => {
  const references = (prefix: string, count: number) =>
    Array.from({ length: count }, (_, n) => supplierReferenceFor(`${prefix}-${n}`));

  it('never says "never" of a reference it was given', () => {
    const filter = new ReferenceFilter(2 ** 16);
    const added = references('ADDED', 5_000);
    for (const reference of added) filter.add(reference);
    expect(added.filter((reference) => !filter.mightHave(reference))).toEqual([]);
  });

  it('says "maybe" of others about as rarely as its size promises', () => {
    // 2,000 references in 2^16 bits, 7 positions each: a false "maybe" about once in 100,000.
    const filter = new ReferenceFilter(2 ** 16);
    for (const reference of references('ADDED', 2_000)) filter.add(reference);
    const falseMaybes = references('OTHER', 20_000).filter((reference) => filter.mightHave(reference));
    expect(falseMaybes.length).toBeLessThanOrEqual(2);
  });

  it('says "maybe" of everything once full, which is why a "maybe" is checked in the log', () => {
    const filter = new ReferenceFilter(8);
    for (const reference of references('ADDED', 50)) filter.add(reference);
    expect(references('OTHER', 100).every((reference) => filter.mightHave(reference))).toBe(true);
  });

  it('refuses a size that is not a power of two', () => {
    expect(() => new ReferenceFilter(1000)).toThrow('not a power of two');
  });
});
