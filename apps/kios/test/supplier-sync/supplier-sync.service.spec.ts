import { Logger } from '@nestjs/common';
import type { CommandBus } from '@nestjs/cqrs';
import { SyncSupplierOffers, type SupplierSyncResult } from '@kios/catalog';
import { idr } from '@kios/dana-protocol';
import type { PriceListRead, SupplierAccount } from '@kios/fulfillment';
import type { KiosConfig } from '../../src/config/kios-config';
import { SupplierSyncService, waitAfter } from '../../src/supplier-sync/supplier-sync.service';

const MINUTE = 60_000;

describe('the supplier sync: waiting after a rate limit (rc 83)', () => {
  it('waits the interval after a list, twice as long after each rate limit, up to 16 intervals', () => {
    expect(waitAfter('synced', 0, MINUTE)).toBe(MINUTE);
    expect(waitAfter('rate_limited', MINUTE, MINUTE)).toBe(2 * MINUTE);
    expect(waitAfter('rate_limited', 2 * MINUTE, MINUTE)).toBe(4 * MINUTE);
    expect(waitAfter('rate_limited', 16 * MINUTE, MINUTE)).toBe(16 * MINUTE);
    expect(waitAfter('synced', 16 * MINUTE, MINUTE)).toBe(MINUTE);
    expect(waitAfter('failed', 8 * MINUTE, MINUTE)).toBe(MINUTE);
  });
});

describe('the supplier sync: one run', () => {
  let warnings: jest.SpyInstance;
  beforeEach(() => {
    warnings = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  function syncReading(reads: PriceListRead[]) {
    const executed: SyncSupplierOffers[] = [];
    const account: SupplierAccount = {
      supplier: 'digiflazz',
      readPriceList: async () => reads.shift()!,
      balance: async () => idr(0n),
    };
    const commands = {
      execute: async (command: SyncSupplierOffers): Promise<SupplierSyncResult> => {
        executed.push(command);
        return { supplier: 'digiflazz', productsChecked: 1, changes: [] };
      },
    } as unknown as CommandBus;
    const service = new SupplierSyncService(account, commands, {
      supplierSyncInterval: MINUTE,
    } as KiosConfig);
    return { service, executed };
  }

  it('applies a list it read, and applies nothing when rate-limited, saying so and when it asks again', async () => {
    const list = { supplier: 'digiflazz', quotes: [{ sku: 'TSEL10', price: idr(999_000n) }] };
    const { service, executed } = syncReading([
      { status: 'read', priceList: list },
      { status: 'rate_limited', reason: 'prepaid price list: Digiflazz answered rc 83 (Limitasi)' },
    ]);

    await expect(service.syncOnce()).resolves.toBe('synced');
    expect(executed.map((command) => command.priceList)).toEqual([list]);

    await expect(service.syncOnce()).resolves.toBe('rate_limited');
    expect(executed).toHaveLength(1);
    expect(warnings).toHaveBeenCalledWith(
      expect.stringMatching(
        /digiflazz says its price list is asked too often \(.*rc 83.*\).*next sync in 120 s/,
      ),
    );
  });
});
