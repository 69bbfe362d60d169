import { formatDanaTime, idr } from '@kios/dana-protocol';
import { billTotal } from '@kios/fulfillment';
import { mobileLegendsDiamonds, plnPostpaid, plnToken, telkomselCredit } from '@kios/testing';

import { simulator } from './simulator.fixture';

describe('simulator supplier inquiries', () => {
  it('telco: the number is valid; there is no name and no bill', async () => {
    const { supplier } = simulator();
    await expect(
      supplier.inquire({ product: telkomselCredit, destination: { primaryParam: '081234567123' } }),
    ).resolves.toEqual({ status: 'valid' });
  });

  it('biller: a bill whose amounts add up, with the customer name, due date and periods', async () => {
    const { supplier } = simulator();
    const outcome = await supplier.inquire({
      product: plnPostpaid,
      destination: { primaryParam: '532110012345' },
    });
    if (outcome.status !== 'valid' || !outcome.bill)
      throw new Error(`expected a bill, got ${JSON.stringify(outcome)}`);
    const { bill } = outcome;
    expect(outcome.customerName).toMatch(/^[A-Z]+( [A-Z]+)+$/);
    expect(bill.baseAmount.minor).toBeGreaterThan(0n);
    expect(bill.baseAmount.minor % 100n).toBe(0n);
    expect(formatDanaTime(bill.dueDate)).toBe('2025-01-20T00:00:00+07:00');
    expect(formatDanaTime(bill.periods[bill.periods.length - 1])).toBe('2024-12-01T00:00:00+07:00');
    expect(billTotal(bill).minor).toBe(bill.baseAmount.minor + bill.adminFee.minor + bill.fineAmount.minor);
  });

  it('biller: the same number shows the same bill; another number another one', async () => {
    const { supplier } = simulator();
    const inquire = (primaryParam: string) =>
      supplier.inquire({ product: plnPostpaid, destination: { primaryParam } });
    expect(await inquire('532110012345')).toEqual(await inquire('532110012345'));
    expect(await inquire('532110012345')).not.toEqual(await inquire('532110012346'));
  });

  it('biller: Rp 2.500 admin per billed month, Rp 5.000 fine per month beyond the first', async () => {
    const { supplier } = simulator();
    const monthsSeen = new Set<number>();
    for (let n = 100; n < 140; n += 1) {
      const outcome = await supplier.inquire({
        product: plnPostpaid,
        destination: { primaryParam: `532110012${n}` },
      });
      if (outcome.status !== 'valid' || !outcome.bill) throw new Error('expected a bill');
      const months = BigInt(outcome.bill.periods.length);
      monthsSeen.add(outcome.bill.periods.length);
      expect(outcome.bill.adminFee).toEqual(idr(250_000n * months));
      expect(outcome.bill.fineAmount).toEqual(idr(500_000n * (months - 1n)));
    }
    expect([...monthsSeen].sort()).toEqual([1, 2]);
  });

  it('biller: periods are whole months before the current one, oldest first', async () => {
    const { supplier } = simulator();
    for (let n = 100; n < 120; n += 1) {
      const outcome = await supplier.inquire({
        product: plnPostpaid,
        destination: { primaryParam: `532110012${n}` },
      });
      if (outcome.status !== 'valid' || !outcome.bill) throw new Error('expected a bill');
      const periods = outcome.bill.periods.map(formatDanaTime);
      expect(periods).toEqual(
        periods.length === 2
          ? ['2024-11-01T00:00:00+07:00', '2024-12-01T00:00:00+07:00']
          : ['2024-12-01T00:00:00+07:00'],
      );
    }
  });

  it('biller: the billing month is the one in Jakarta, not in UTC', async () => {
    const { supplier, clock } = simulator();
    clock.set(new Date('2025-01-31T18:00:00.000Z')); // 1 February, 01:00 in Jakarta
    const outcome = await supplier.inquire({
      product: plnPostpaid,
      destination: { primaryParam: '532110012345' },
    });
    if (outcome.status !== 'valid' || !outcome.bill) throw new Error('expected a bill');
    expect(formatDanaTime(outcome.bill.dueDate)).toBe('2025-02-20T00:00:00+07:00');
    expect(formatDanaTime(outcome.bill.periods[outcome.bill.periods.length - 1])).toBe(
      '2025-01-01T00:00:00+07:00',
    );
  });

  it('biller: takes its admin fee from the options', async () => {
    const { supplier } = simulator({ adminFee: idr(300_000) });
    const outcome = await supplier.inquire({
      product: plnPostpaid,
      destination: { primaryParam: '532110012345' },
    });
    if (outcome.status !== 'valid' || !outcome.bill) throw new Error('expected a bill');
    expect(outcome.bill.adminFee).toEqual(idr(300_000n * BigInt(outcome.bill.periods.length)));
  });

  it('prepaid electricity: the meter is valid with its holder’s name, and there is no bill', async () => {
    const { supplier } = simulator();
    const outcome = await supplier.inquire({
      product: plnToken,
      destination: { primaryParam: '14234567123' },
    });
    expect(outcome).toEqual({ status: 'valid', customerName: expect.stringMatching(/^[A-Z ]+$/) });
  });

  it('games: the account is valid and shows a nickname derived from the user id', async () => {
    const { supplier } = simulator();
    const inquire = (primaryParam: string) =>
      supplier.inquire({
        product: mobileLegendsDiamonds,
        destination: { primaryParam, secondaryParam: '2345' },
      });
    const outcome = await inquire('123456789');
    expect(outcome).toEqual({
      status: 'valid',
      nickname: expect.stringMatching(/^[A-Z][a-z]+[A-Z][a-z]+89$/),
    });
    expect(await inquire('123456789')).toEqual(outcome);
  });
});
