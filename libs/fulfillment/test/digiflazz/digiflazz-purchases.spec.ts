import { telkomselCredit } from '@kios/testing';
import { type SentPurchase, SentPurchases } from '../../src/digiflazz/digiflazz-purchases';

const sent = (ref: string, inFlight = false): SentPurchase => ({
  ref,
  kind: 'prepaid',
  sku: 'TSEL10',
  customerNo: '081234567890',
  product: telkomselCredit,
  firstSentAt: new Date('2026-12-01T03:00:00Z'),
  inquired: false,
  paySent: false,
  ...(inFlight ? { inFlight: new Promise(() => undefined) } : {}),
});

describe('SentPurchases', () => {
  it('remembers at most `kept` refs, forgetting the oldest down to nine tenths, never one with a call under way', () => {
    const purchases = new SentPurchases(10);
    purchases.remember(sent('REF-0', true));
    for (let n = 1; n <= 10; n += 1) purchases.remember(sent(`REF-${n}`));

    // The 11th made it forget the oldest without a call under way (REF-1, REF-2) down to 9.
    expect(purchases.size).toBe(9);
    expect(purchases.get('REF-0')).toBeDefined();
    expect(purchases.get('REF-1')).toBeUndefined();
    expect(purchases.get('REF-2')).toBeUndefined();
    expect(purchases.get('REF-3')).toBeDefined();
    expect(purchases.get('REF-10')).toBeDefined();
  });

  it('forgets nothing up to `kept`', () => {
    const purchases = new SentPurchases(10);
    for (let n = 1; n <= 10; n += 1) purchases.remember(sent(`REF-${n}`));
    expect(purchases.size).toBe(10);
    expect(purchases.get('REF-1')).toBeDefined();
  });
});
