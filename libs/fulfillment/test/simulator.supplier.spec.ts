import type { Product } from '@kios/catalog';
import { supplierReferenceFor, type Destination } from '@kios/fulfillment';
import {
  googlePlayVoucher,
  mobileLegendsDiamonds,
  plnPostpaid,
  plnToken,
  telkomselCredit,
} from '@kios/testing';
import { DELAY_MS, simulator, T0 } from './simulator.fixture';

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
    await expect(supplier.checkStatus(request)).resolves.toEqual({ status: 'pending' });
    clock.advance(1);
    await expect(supplier.checkStatus(request)).resolves.toEqual({
      status: 'succeeded',
      serialNumber: expect.stringMatching(/^\d{16}$/),
    });
  });

  it('993: pending, then failed once the delay has passed', async () => {
    const { supplier, clock } = simulator();
    const request = purchaseOf(product, destination('993'));
    await expect(supplier.purchase(request)).resolves.toEqual({ status: 'pending' });
    clock.advance(DELAY_MS - 1);
    await expect(supplier.checkStatus(request)).resolves.toEqual({ status: 'pending' });
    clock.advance(1);
    await expect(supplier.checkStatus(request)).resolves.toEqual({
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

      const status = await supplier.checkStatus(request);
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
    const request = purchaseOf(telkomselCredit, { primaryParam: '081234567123' });
    await expect(supplier.checkStatus(request)).resolves.toEqual({
      status: 'not_found',
    });
  });

  it('buys a supplierRef it answered not_found for when asked to, once', async () => {
    const { supplier } = simulator();
    const request = purchaseOf(telkomselCredit, { primaryParam: '081234567123' });
    await expect(supplier.checkStatus(request)).resolves.toEqual({ status: 'not_found' });
    const bought = await supplier.purchase(request);
    await expect(supplier.checkStatus(request)).resolves.toEqual(bought);
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
    await expect(supplier.checkStatus(request)).resolves.toEqual(bought);
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
