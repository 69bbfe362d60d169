import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { FixedClock } from '@kios/dana-protocol';
import {
  JsonLinesPurchaseLog,
  readPurchaseLog,
  SimulatorSupplier,
  supplierReferenceFor,
} from '@kios/fulfillment';
import { telkomselCredit } from '@kios/testing';

const T0 = new Date('2025-01-15T03:00:00.000Z');

function logFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'kios-sim-log-')), 'nested', 'purchases.jsonl');
}

/** A simulator as one run (or one process) of kios has it: its purchase log on `file`. */
function simulatorOn(file: string, clock = new FixedClock(T0)) {
  const purchaseLog = new JsonLinesPurchaseLog(file);
  return { clock, supplier: new SimulatorSupplier({ clock, delayMs: 3000, latencyMs: 0, purchaseLog }) };
}

const purchase = (requestId: string, primaryParam = '081234567890') => ({
  product: telkomselCredit,
  destination: { primaryParam },
  supplierRef: supplierReferenceFor(requestId),
});

describe('simulator purchase log', () => {
  it('remembers purchases across a restart: status checks find them, and a repeat buys nothing', async () => {
    const file = logFile();
    const first = simulatorOn(file);
    const bought = await first.supplier.purchase(purchase('REQ-1'));
    first.supplier.close();

    const second = simulatorOn(file);
    await expect(second.supplier.checkStatus(purchase('REQ-1'))).resolves.toEqual(bought);
    await expect(second.supplier.purchase(purchase('REQ-1'))).resolves.toEqual(bought);
    expect(second.supplier.purchases()).toHaveLength(1);
    second.supplier.close();
  });

  it('keeps a pending purchase pending across a restart until it settles (…992)', async () => {
    const file = logFile();
    const first = simulatorOn(file);
    await expect(first.supplier.purchase(purchase('REQ-1', '081234567992'))).resolves.toEqual({
      status: 'pending',
    });
    first.supplier.close();

    const clock = new FixedClock(new Date(T0.getTime() + 2999));
    const second = simulatorOn(file, clock);
    await expect(second.supplier.checkStatus(purchase('REQ-1', '081234567992'))).resolves.toEqual({
      status: 'pending',
    });
    clock.advance(1);
    await expect(second.supplier.checkStatus(purchase('REQ-1', '081234567992'))).resolves.toMatchObject({
      status: 'succeeded',
    });
  });

  it('writes every purchase call down: one purchase, then the repeats', async () => {
    const file = logFile();
    const { supplier } = simulatorOn(file);
    await Promise.all([supplier.purchase(purchase('REQ-1')), supplier.purchase(purchase('REQ-1'))]);
    await supplier.purchase(purchase('REQ-2'));
    supplier.close();

    expect(readPurchaseLog(file).map((entry) => [entry.type, entry.supplierRef])).toEqual([
      ['purchased', supplierReferenceFor('REQ-1')],
      ['repeated', supplierReferenceFor('REQ-1')],
      ['purchased', supplierReferenceFor('REQ-2')],
    ]);
  });

  it('skips a line torn by a kill mid-write', async () => {
    const file = logFile();
    const first = simulatorOn(file);
    await first.supplier.purchase(purchase('REQ-1'));
    first.supplier.close();
    appendFileSync(file, '{"type":"purchased","supplierRef":"KIOS-TORN');

    const second = simulatorOn(file);
    expect(second.supplier.purchases().map((p) => p.supplierRef)).toEqual([supplierReferenceFor('REQ-1')]);
    await second.supplier.purchase(purchase('REQ-2'));
    second.supplier.close();

    const third = simulatorOn(file);
    expect(third.supplier.purchases().map((p) => p.supplierRef)).toEqual([
      supplierReferenceFor('REQ-1'),
      supplierReferenceFor('REQ-2'),
    ]);
  });

  it('reads a log that does not exist yet as empty', () => {
    expect(readPurchaseLog(logFile())).toEqual([]);
  });
});

/** Two kios processes on one data folder: the file is all they share, so one test process plays both. */
describe('simulator purchase log shared by two processes', () => {
  function twoProcesses() {
    const file = logFile();
    const clock = new FixedClock(T0);
    // Both start before anything is bought: what they learn of each other comes from the file later on.
    const a = simulatorOn(file, clock).supplier;
    const b = simulatorOn(file, clock).supplier;
    return { file, clock, a, b };
  }

  it("one's purchase is found by the other's status check, and the other's purchase of it buys nothing", async () => {
    const { file, a, b } = twoProcesses();
    await expect(b.checkStatus(purchase('REQ-NOBODY'))).resolves.toEqual({ status: 'not_found' });

    const bought = await a.purchase(purchase('REQ-1'));
    expect(bought).toMatchObject({ status: 'succeeded' });
    await expect(b.checkStatus(purchase('REQ-1'))).resolves.toEqual(bought);
    await expect(b.purchase(purchase('REQ-1'))).resolves.toEqual(bought);
    expect(b.purchases().map((p) => p.supplierRef)).toEqual([supplierReferenceFor('REQ-1')]);
    await expect(b.checkStatus(purchase('REQ-NOBODY'))).resolves.toEqual({ status: 'not_found' });
    a.close();
    b.close();

    expect(readPurchaseLog(file).map((entry) => [entry.type, entry.supplierRef])).toEqual([
      ['purchased', supplierReferenceFor('REQ-1')],
      ['repeated', supplierReferenceFor('REQ-1')],
    ]);
  });

  it('works both ways: what the second buys, the first finds, pending until it settles (…992)', async () => {
    const { file, clock, a, b } = twoProcesses();
    await a.purchase(purchase('REQ-1'));
    await expect(b.purchase(purchase('REQ-2', '081234567992'))).resolves.toEqual({ status: 'pending' });

    await expect(a.checkStatus(purchase('REQ-2', '081234567992'))).resolves.toEqual({ status: 'pending' });
    clock.advance(3000);
    const settled = await a.purchase(purchase('REQ-2', '081234567992'));
    expect(settled).toMatchObject({ status: 'succeeded' });
    await expect(b.checkStatus(purchase('REQ-2', '081234567992'))).resolves.toEqual(settled);
    expect(a.purchases().map((p) => p.supplierRef)).toEqual([
      supplierReferenceFor('REQ-1'),
      supplierReferenceFor('REQ-2'),
    ]);
    a.close();
    b.close();

    expect(readPurchaseLog(file).filter((entry) => entry.type === 'purchased')).toHaveLength(2);
  });

  it("reads another process's line only once it is complete", async () => {
    const { file, a } = twoProcesses();
    await a.purchase(purchase('REQ-1'));
    a.close();
    const line = readFileSync(file, 'utf8');
    const otherFile = join(dirname(file), 'other-purchases.jsonl');
    const reader = simulatorOn(otherFile).supplier; // before the file exists

    appendFileSync(otherFile, line.slice(0, 40)); // the writer is mid-write
    await expect(reader.checkStatus(purchase('REQ-1'))).resolves.toEqual({ status: 'not_found' });
    appendFileSync(otherFile, line.slice(40)); // and done
    await expect(reader.checkStatus(purchase('REQ-1'))).resolves.toMatchObject({ status: 'succeeded' });
    reader.close();
  });
});
