import type { Product } from '@kios/catalog';
import { FixedClock, formatDanaTime, idr } from '@kios/dana-protocol';
import {
  billTotal,
  SimulatorSupplier,
  supplierReferenceFor,
  type Destination,
  type SimulatorSupplierOptions,
} from '@kios/fulfillment';
import {
  googlePlayVoucher,
  mobileLegendsDiamonds,
  plnPostpaid,
  plnToken,
  telkomselCredit,
} from '@kios/testing';

const T0 = new Date('2025-01-15T03:00:00.000Z'); // 10:00 in Jakarta
const DELAY_MS = 3000;

function simulator(options: Partial<SimulatorSupplierOptions> = {}) {
  const clock = new FixedClock(T0);
  const supplier = new SimulatorSupplier({ clock, delayMs: DELAY_MS, latencyMs: 0, ...options });
  return { clock, supplier };
}

let nextRequest = 0;
const purchaseOf = (product: Product, destination: Destination) => ({
  product,
  destination,
  supplierRef: supplierReferenceFor(`request-${(nextRequest += 1)}`),
});

/** One product per module and a destination builder ending in the scenario's three digits. */
const modules = [
  {
    module: 'telco',
    product: telkomselCredit,
    destination: (end: string) => ({ primaryParam: `081234567${end}` }),
  },
  {
    module: 'biller',
    product: plnPostpaid,
    destination: (end: string) => ({ primaryParam: `532110012${end}` }),
  },
  {
    module: 'games',
    product: mobileLegendsDiamonds,
    destination: (end: string) => ({ primaryParam: `12345${end}`, secondaryParam: '2345' }),
  },
];

describe.each(modules)('simulator supplier, $module', ({ product, destination }) => {
  it('990: the destination is invalid at inquiry, and a purchase fails', async () => {
    const { supplier } = simulator();
    await expect(supplier.inquire({ product, destination: destination('990') })).resolves.toEqual({
      status: 'invalid_destination',
      reason: expect.stringContaining('is not known to the supplier'),
    });
    await expect(supplier.purchase(purchaseOf(product, destination('990')))).resolves.toEqual({
      status: 'failed',
      reason: expect.stringContaining('is not known to the supplier'),
    });
  });

  it('991: the destination is valid, and the supplier rejects the purchase at once', async () => {
    const { supplier } = simulator();
    await expect(supplier.inquire({ product, destination: destination('991') })).resolves.toMatchObject({
      status: 'valid',
    });
    await expect(supplier.purchase(purchaseOf(product, destination('991')))).resolves.toEqual({
      status: 'failed',
      reason: 'the supplier rejected the purchase',
    });
  });

  it('992: pending, then succeeded once the delay has passed', async () => {
    const { supplier, clock } = simulator();
    const request = purchaseOf(product, destination('992'));
    await expect(supplier.inquire(request)).resolves.toMatchObject({ status: 'valid' });
    await expect(supplier.purchase(request)).resolves.toEqual({ status: 'pending' });
    clock.advance(DELAY_MS - 1);
    await expect(supplier.checkStatus(request.supplierRef)).resolves.toEqual({ status: 'pending' });
    clock.advance(1);
    await expect(supplier.checkStatus(request.supplierRef)).resolves.toEqual({
      status: 'succeeded',
      serialNumber: expect.stringMatching(/^\d{16}$/),
    });
  });

  it('993: pending, then failed once the delay has passed', async () => {
    const { supplier, clock } = simulator();
    const request = purchaseOf(product, destination('993'));
    await expect(supplier.purchase(request)).resolves.toEqual({ status: 'pending' });
    clock.advance(DELAY_MS - 1);
    await expect(supplier.checkStatus(request.supplierRef)).resolves.toEqual({ status: 'pending' });
    clock.advance(1);
    await expect(supplier.checkStatus(request.supplierRef)).resolves.toEqual({
      status: 'failed',
      reason: 'the supplier could not complete the purchase',
    });
  });

  describe('994', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('the purchase does not answer in time (the caller takes it as in doubt), yet a status check finds it succeeded', async () => {
      const { supplier } = simulator({ timeoutHangMs: 60_000 });
      const request = purchaseOf(product, destination('994'));
      let answer: unknown;
      void supplier.purchase(request).then((outcome) => (answer = outcome));
      await jest.advanceTimersByTimeAsync(59_999);
      expect(answer).toBeUndefined();

      const status = await supplier.checkStatus(request.supplierRef);
      expect(status).toEqual({ status: 'succeeded', serialNumber: expect.stringMatching(/^\d{16}$/) });

      await jest.advanceTimersByTimeAsync(1);
      expect(answer).toEqual(status);
    });

    it('a repeated purchase answers at once, without buying again', async () => {
      const { supplier } = simulator();
      const request = purchaseOf(product, destination('994'));
      void supplier.purchase(request);
      await expect(supplier.purchase(request)).resolves.toMatchObject({ status: 'succeeded' });
      expect(supplier.purchases()).toHaveLength(1);
    });
  });

  it('any other ending: valid, and succeeded at once with a serial number', async () => {
    const { supplier } = simulator();
    await expect(supplier.inquire({ product, destination: destination('123') })).resolves.toMatchObject({
      status: 'valid',
    });
    await expect(supplier.purchase(purchaseOf(product, destination('123')))).resolves.toEqual({
      status: 'succeeded',
      serialNumber: expect.stringMatching(/^\d{16}$/),
    });
  });
});

describe('simulator supplier, 996', () => {
  it('a biller finds the bill already paid, and a purchase of it fails', async () => {
    const { supplier } = simulator();
    const destination = { primaryParam: '532110012996' };
    await expect(supplier.inquire({ product: plnPostpaid, destination })).resolves.toEqual({
      status: 'bill_already_paid',
    });
    await expect(supplier.purchase(purchaseOf(plnPostpaid, destination))).resolves.toEqual({
      status: 'failed',
      reason: 'the bill is already paid',
    });
  });

  it.each([
    ['telco', telkomselCredit, { primaryParam: '081234567996' }],
    ['prepaid electricity', plnToken, { primaryParam: '14234567996' }],
    ['games', mobileLegendsDiamonds, { primaryParam: '12345996', secondaryParam: '1' }],
  ])('has no bill to be paid for %s: valid and succeeded', async (_, product, destination) => {
    const { supplier } = simulator();
    await expect(supplier.inquire({ product, destination })).resolves.toMatchObject({ status: 'valid' });
    await expect(supplier.purchase(purchaseOf(product, destination))).resolves.toMatchObject({
      status: 'succeeded',
    });
  });
});

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

describe('simulator supplier purchases', () => {
  it('never buys twice for one supplierRef', async () => {
    const { supplier, clock } = simulator();
    const request = purchaseOf(telkomselCredit, { primaryParam: '081234567123' });
    const first = await supplier.purchase(request);
    clock.advance(60_000);
    const second = await supplier.purchase(request);
    expect(second).toEqual(first);
    expect(supplier.purchases()).toEqual([
      expect.objectContaining({ supplierRef: request.supplierRef, placedAt: T0 }),
    ]);
  });

  it('never buys twice for one supplierRef, even when the calls overlap', async () => {
    const { supplier, clock } = simulator({ latencyMs: 5 });
    const request = purchaseOf(telkomselCredit, { primaryParam: '081234567123' });
    const first = supplier.purchase(request);
    clock.advance(1);
    const second = supplier.purchase(request);
    expect(await second).toEqual(await first);
    expect(supplier.purchases()).toEqual([
      expect.objectContaining({ supplierRef: request.supplierRef, placedAt: T0 }),
    ]);
  });

  it('buys once per supplierRef, with different serial numbers', async () => {
    const { supplier } = simulator();
    const destination = { primaryParam: '081234567123' };
    const first = await supplier.purchase(purchaseOf(telkomselCredit, destination));
    const second = await supplier.purchase(purchaseOf(telkomselCredit, destination));
    expect(supplier.purchases()).toHaveLength(2);
    expect(first).not.toEqual(second);
  });

  it('answers a repeated pending purchase with its current state, still one purchase', async () => {
    const { supplier, clock } = simulator();
    const request = purchaseOf(telkomselCredit, { primaryParam: '081234567992' });
    await expect(supplier.purchase(request)).resolves.toEqual({ status: 'pending' });
    await expect(supplier.purchase(request)).resolves.toEqual({ status: 'pending' });
    clock.advance(DELAY_MS);
    await expect(supplier.purchase(request)).resolves.toMatchObject({ status: 'succeeded' });
    expect(supplier.purchases()).toHaveLength(1);
  });

  it('answers not_found for a supplierRef it was never asked to buy', async () => {
    const { supplier } = simulator();
    await expect(supplier.checkStatus('KIOS-000000000000000000000000')).resolves.toEqual({
      status: 'not_found',
    });
  });

  it('buys a supplierRef it answered not_found for when asked to, once', async () => {
    const { supplier } = simulator();
    const request = purchaseOf(telkomselCredit, { primaryParam: '081234567123' });
    await expect(supplier.checkStatus(request.supplierRef)).resolves.toEqual({ status: 'not_found' });
    const bought = await supplier.purchase(request);
    await expect(supplier.checkStatus(request.supplierRef)).resolves.toEqual(bought);
    expect(supplier.purchases()).toHaveLength(1);
  });

  it('records what it bought, when, and when it settles', async () => {
    const { supplier } = simulator();
    const request = purchaseOf(telkomselCredit, { primaryParam: '081234567992' });
    await supplier.purchase(request);
    expect(supplier.purchases()).toEqual([
      {
        supplierRef: request.supplierRef,
        productId: 'TSEL-10K',
        destination: { primaryParam: '081234567992' },
        placedAt: T0,
        settlesAt: new Date(T0.getTime() + DELAY_MS),
        outcome: { status: 'succeeded', serialNumber: expect.stringMatching(/^\d{16}$/) },
      },
    ]);
  });

  it('delivers a 20-digit token for prepaid electricity', async () => {
    const { supplier } = simulator();
    const outcome = await supplier.purchase(purchaseOf(plnToken, { primaryParam: '14234567123' }));
    expect(outcome).toEqual({
      status: 'succeeded',
      serialNumber: expect.stringMatching(/^\d{16}$/),
      token: expect.stringMatching(/^\d{20}$/),
    });
  });

  it('delivers a 16-character voucher code without look-alike characters', async () => {
    const { supplier } = simulator();
    const outcome = await supplier.purchase(
      purchaseOf(googlePlayVoucher, { primaryParam: 'budi@example.com' }),
    );
    expect(outcome).toEqual({
      status: 'succeeded',
      serialNumber: expect.stringMatching(/^\d{16}$/),
      token: expect.stringMatching(/^[A-HJ-NP-Z2-9]{16}$/),
    });
  });

  it('gives the same token when asked about the same purchase again', async () => {
    const { supplier } = simulator();
    const request = purchaseOf(plnToken, { primaryParam: '14234567123' });
    const bought = await supplier.purchase(request);
    await expect(supplier.checkStatus(request.supplierRef)).resolves.toEqual(bought);
  });

  it('formats serial numbers as configured', async () => {
    const { supplier } = simulator({ serialNumberFor: (ref) => `SN-${ref.slice(-6)}` });
    const request = purchaseOf(telkomselCredit, { primaryParam: '081234567123' });
    await expect(supplier.purchase(request)).resolves.toEqual({
      status: 'succeeded',
      serialNumber: `SN-${request.supplierRef.slice(-6)}`,
    });
  });
});

describe('simulator supplier latency', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('answers every call after the configured latency', async () => {
    const { supplier } = simulator({ latencyMs: 100 });
    let answer: unknown;
    void supplier
      .inquire({ product: telkomselCredit, destination: { primaryParam: '081234567123' } })
      .then((outcome) => (answer = outcome));
    await jest.advanceTimersByTimeAsync(99);
    expect(answer).toBeUndefined();
    await jest.advanceTimersByTimeAsync(1);
    expect(answer).toEqual({ status: 'valid' });
  });
});
