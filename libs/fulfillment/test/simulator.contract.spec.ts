import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Product } from '@kios/catalog';
import { FixedClock } from '@kios/dana-protocol';
import { JsonLinesPurchaseLog, readPurchaseLog, SimulatorSupplier } from '@kios/fulfillment';
import { plnToken, telkomselCredit } from '@kios/testing';
import { supplierContract } from './supplier.contract';

const DELAY_MS = 3000;

/**
 * The simulator, its purchases written to a log file whose `purchased` lines are what the
 * contract counts. Its `…994` purchase hangs past the contract's deadline and is found succeeded.
 */
function simulatorUnderContract(product: Product, destination: (end: string) => string) {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kios-simulator-contract-'));
    const file = join(dir, 'purchases.jsonl');
    const clock = new FixedClock(new Date('2025-01-15T03:00:00.000Z'));
    const supplier = new SimulatorSupplier({
      clock,
      delayMs: DELAY_MS,
      latencyMs: 0,
      purchaseLog: new JsonLinesPurchaseLog(file),
    });
    const at = (end: string) => ({ product, destination: { primaryParam: destination(end) } });
    return {
      supplier,
      scenarios: {
        succeedsAtOnce: at('123'),
        failsAtOnce: at('991'),
        pendingThenSucceeds: at('992'),
        pendingThenFails: at('993'),
        inDoubt: { ...at('994'), deadlineMs: 100, thenStatus: 'succeeded' as const },
      },
      purchasesFor: (supplierRef: string) =>
        readPurchaseLog(file).filter(
          (entry) => entry.type === 'purchased' && entry.supplierRef === supplierRef,
        ).length,
      settlePending: async () => clock.advance(DELAY_MS),
      close: () => {
        supplier.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  };
}

supplierContract(
  'simulator, telco',
  simulatorUnderContract(telkomselCredit, (end) => `081234567${end}`),
);
supplierContract(
  'simulator, prepaid electricity',
  simulatorUnderContract(plnToken, (end) => `14234567${end}`),
);
