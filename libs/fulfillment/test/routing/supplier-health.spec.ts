import { idr } from '@kios/dana-protocol';
import { SupplierHealth } from '@kios/fulfillment';

const T0 = new Date('2025-01-15T03:00:00.000Z').getTime();
const at = (ms: number) => new Date(T0 + ms);

describe('supplier health', () => {
  const health = () => new SupplierHealth({ unhealthyAfter: 3, windowMs: 60_000 });

  it('marks a supplier unhealthy at the threshold of bad answers within the window, not before', () => {
    const book = health();
    book.badAnswer('iak', at(0), 'timeout');
    expect(book.badAnswer('iak', at(10_000), 'timeout')).toEqual({ healthy: true });
    expect(book.badAnswer('iak', at(20_000), 'ECONNREFUSED')).toEqual({
      healthy: false,
      reason: '3 answers in doubt or refused within 60000 ms (last: ECONNREFUSED)',
    });
    expect(book.isHealthy('digiflazz')).toBe(true);
  });

  it('forgets bad answers older than the window', () => {
    const book = health();
    book.badAnswer('iak', at(0), 'timeout');
    book.badAnswer('iak', at(10_000), 'timeout');
    expect(book.badAnswer('iak', at(70_001), 'timeout')).toEqual({ healthy: true });
  });

  it('stays unhealthy until a balance at or above the minimum comes back (the probe)', () => {
    const book = health();
    for (const ms of [0, 1, 2]) book.badAnswer('iak', at(ms), 'timeout');
    expect(book.unhealthy()).toEqual(['iak']);
    expect(book.balance('iak', idr(100_000), idr(500_000))).toMatchObject({ healthy: false });
    expect(book.balance('iak', idr(500_000), idr(500_000))).toEqual({ healthy: true });
    expect(book.unhealthy()).toEqual([]);
  });

  it('marks a supplier whose balance is below its minimum unhealthy', () => {
    expect(health().balance('digiflazz', idr(99), idr(100))).toEqual({
      healthy: false,
      reason: 'balance 99 is below the minimum 100',
    });
  });
});
