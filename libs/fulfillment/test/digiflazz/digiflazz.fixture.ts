import { createHash } from 'node:crypto';
import type { Product } from '@kios/catalog';
import { DigiflazzSupplier, type DigiflazzSettings, type PurchaseRequest } from '@kios/fulfillment';
import { aProduct, plnPostpaid, plnToken } from '@kios/testing';
import { RecordingServer } from './recording-server';

export const USERNAME = 'kiosbuyer';
/** Long and unusual, so a leak is found by a plain substring search. */
export const KEY = 'dev-KEY-5f0c2e9a-never-in-a-message';

/** md5 in lower-case hex, straight from node:crypto: the documented formulas, not the adapter's own code. */
export const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

/** XL credit, so Digiflazz's sandbox numbers (0878…) fit its destination check. */
export const xlCredit = aProduct({ productId: 'XL-10K', provider: 'xl', name: 'XL Pulsa 10.000' });

export const SKUS: Readonly<Record<string, string>> = {
  [xlCredit.productId]: 'xld10',
  [plnToken.productId]: 'pln50',
  [plnPostpaid.productId]: 'pln',
};

export const skuFor = (product: Product) => SKUS[product.productId];

export type Harness = { fake: RecordingServer; supplier: DigiflazzSupplier; clock: { now: Date } };

/** The adapter against a fresh recording server, its clock in the test's hands. */
export async function harness(settings: Partial<DigiflazzSettings> = {}): Promise<Harness> {
  const fake = await RecordingServer.start();
  const clock = { now: new Date('2025-01-15T03:00:00.000Z') };
  const supplier = new DigiflazzSupplier({
    baseUrl: fake.url,
    username: USERNAME,
    key: KEY,
    testing: true,
    timeoutMs: 1000,
    skuFor,
    statusCheckMinIntervalMs: 0,
    now: () => clock.now,
    ...settings,
  });
  return { fake, supplier, clock };
}

export const REF = 'KIOS-0123456789ABCDEF01234567';

/** A prepaid XL top-up under `supplierRef`; the default number is Digiflazz's sandbox success. */
export const buy = (supplierRef = REF, primaryParam = '087800001230'): PurchaseRequest => ({
  product: xlCredit,
  destination: { primaryParam },
  supplierRef,
});
