import { randomUUID } from 'node:crypto';
import type { Product } from '@kios/catalog';
import {
  supplierReferenceFor,
  type Destination,
  type PurchaseOutcome,
  type PurchaseRequest,
  type StatusOutcome,
  type Supplier,
} from '@kios/fulfillment';

/** What to buy to play one scenario: a product the fake sells and a destination that makes it behave so. */
export type ContractPurchase = { product: Product; destination: Destination };

/** The purchases that make the fake behave as each test of the contract needs. */
export type SupplierScenarios = {
  /** Answers succeeded, with a receipt, at once. */
  succeedsAtOnce: ContractPurchase;
  /** Answers failed, with a reason, at once. */
  failsAtOnce: ContractPurchase;
  /** Answers pending; checkStatus reports succeeded once the fake has settled it. */
  pendingThenSucceeds: ContractPurchase;
  /** Answers pending; checkStatus reports failed once the fake has settled it. */
  pendingThenFails: ContractPurchase;
  /** A reference the fake has no transaction with; a fresh random one when absent. */
  neverUsedRef?: string;
  /**
   * Optional: a purchase whose answer is unusable (the adapter's own timeout, a 5xx, garbage, an
   * unmapped code). The adapter answers in_doubt, or does not answer within `deadlineMs`, which the
   * suite then takes as in doubt, as kios's supplier budget does. `thenStatus` is what checkStatus
   * under the same reference says afterwards: whether the fake had bought (succeeded / failed) or
   * not (not_found).
   */
  inDoubt?: ContractPurchase & { deadlineMs: number; thenStatus: 'succeeded' | 'failed' | 'not_found' };
};

/** One fake supplier behind one adapter, opened for one test. */
export type SupplierUnderContract = {
  supplier: Supplier;
  scenarios: SupplierScenarios;
  /**
   * How many purchases the fake holds for a reference, asked of the fake itself (not through the
   * adapter). Without it the "never a second purchase" checks only compare answers.
   */
  purchasesFor?: (supplierRef: string) => number | Promise<number>;
  /**
   * Lets the fake settle its pending purchases (advance its clock, or wait out its delay). Called
   * before the suite polls checkStatus for a final answer; the polling alone must do without it.
   */
  settlePending?: () => Promise<void>;
  /**
   * The supplier checks a transaction only by sending its request again (Digiflazz's prepaid
   * topups): a status check of a reference it holds nothing under buys, under that same reference.
   * The suite then checks that it buys once, never that it buys nothing.
   */
  statusCheckMayBuy?: boolean;
  close(): void | Promise<void>;
};

export type SupplierContractOptions = {
  /** How long a pending purchase may take to report its final outcome after settlePending. */
  settleTimeoutMs?: number;
  /** How often checkStatus is asked meanwhile. */
  pollEveryMs?: number;
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Every purchase of the contract gets a reference of kios's own form, never used before. */
const freshRef = () => supplierReferenceFor(`contract-${randomUUID()}`);

/** A receipt's fields; `cost` is what the supplier charged, when its answer says (Receipt.cost). */
const RECEIPT_FIELDS = ['serialNumber', 'status', 'token', 'cost'];

function expectSucceeded(outcome: StatusOutcome): void {
  expect(outcome).toMatchObject({ status: 'succeeded', serialNumber: expect.stringMatching(/\S/) });
  expect(RECEIPT_FIELDS).toEqual(expect.arrayContaining(Object.keys(outcome)));
  if ('token' in outcome && outcome.token !== undefined) expect(outcome.token).toMatch(/\S/);
  if ('cost' in outcome && outcome.cost !== undefined) {
    expect(outcome.cost).toEqual({ currency: 'IDR', minor: expect.any(BigInt) });
    expect(outcome.cost.minor).toBeGreaterThanOrEqual(0n);
  }
}

function expectFailed(outcome: StatusOutcome): void {
  expect(outcome).toEqual({ status: 'failed', reason: expect.stringMatching(/\S/) });
}

/**
 * The contract of the Supplier port's purchases (libs/fulfillment/src/supplier.port.ts), specified
 * once for every adapter against its local fake: the simulator, and Digiflazz against supplier-sim.
 * It pins the outcome words (succeeded, failed, pending, in_doubt; not_found for a status check),
 * idempotency by reference (a repeated purchase answers the same purchase and never buys a second
 * one), and what not_found means: no transaction with that reference, so buying under it buys once.
 * Inquiries and account checks are not part of it.
 */
export function supplierContract(
  name: string,
  open: () => Promise<SupplierUnderContract>,
  { settleTimeoutMs = 10_000, pollEveryMs = 100 }: SupplierContractOptions = {},
): void {
  describe(`${name} supplier (contract)`, () => {
    let fake: SupplierUnderContract;
    let supplier: Supplier;

    beforeEach(async () => {
      fake = await open();
      supplier = fake.supplier;
    });
    afterEach(() => fake.close());

    const request = (
      { product, destination }: ContractPurchase,
      supplierRef = freshRef(),
    ): PurchaseRequest => ({
      product,
      destination,
      supplierRef,
    });

    /** The fake holds `count` purchases for the reference (checked only when it can be asked). */
    async function expectPurchases(supplierRef: string, count: number): Promise<void> {
      if (fake.purchasesFor) expect(await fake.purchasesFor(supplierRef)).toBe(count);
    }

    /** checkStatus once the fake has had its chance to settle: the first answer that is not pending. */
    async function settledStatus(purchase: PurchaseRequest): Promise<StatusOutcome> {
      await fake.settlePending?.();
      const until = Date.now() + settleTimeoutMs;
      for (;;) {
        const status = await supplier.checkStatus(purchase);
        if (status.status !== 'pending' || Date.now() >= until) return status;
        await sleep(pollEveryMs);
      }
    }

    describe('the purchase outcomes', () => {
      it('succeeded at once, with a receipt; checkStatus then reports that same purchase', async () => {
        const purchase = request(fake.scenarios.succeedsAtOnce);
        const outcome = await supplier.purchase(purchase);
        expectSucceeded(outcome);
        await expect(supplier.checkStatus(purchase)).resolves.toEqual(outcome);
        await expectPurchases(purchase.supplierRef, 1);
      });

      it('failed at once, with a reason; checkStatus then reports that failure', async () => {
        const purchase = request(fake.scenarios.failsAtOnce);
        const outcome = await supplier.purchase(purchase);
        expectFailed(outcome);
        expectFailed(await supplier.checkStatus(purchase));
      });

      it('pending, reported pending by checkStatus, then succeeded with a receipt', async () => {
        const purchase = request(fake.scenarios.pendingThenSucceeds);
        await expect(supplier.purchase(purchase)).resolves.toEqual({ status: 'pending' });
        await expect(supplier.checkStatus(purchase)).resolves.toEqual({ status: 'pending' });
        expectSucceeded(await settledStatus(purchase));
        await expectPurchases(purchase.supplierRef, 1);
      });

      it('pending, reported pending by checkStatus, then failed with a reason', async () => {
        const purchase = request(fake.scenarios.pendingThenFails);
        await expect(supplier.purchase(purchase)).resolves.toEqual({ status: 'pending' });
        await expect(supplier.checkStatus(purchase)).resolves.toEqual({ status: 'pending' });
        expectFailed(await settledStatus(purchase));
      });

      it('in doubt when the answer is unusable: never a failure; checkStatus under the same reference tells, and repeating the purchase buys at most once', async () => {
        const scenario = fake.scenarios.inDoubt;
        if (!scenario) return; // this fake has no unusable answer to give
        const purchase = request(scenario);
        const noAnswer: PurchaseOutcome = { status: 'in_doubt', reason: 'no answer within the deadline' };
        const outcome = await Promise.race([
          supplier.purchase(purchase),
          sleep(scenario.deadlineMs).then(() => noAnswer),
        ]);
        expect(outcome).toEqual({ status: 'in_doubt', reason: expect.stringMatching(/\S/) });

        const status = await settledStatus(purchase);
        expect(status.status).toBe(scenario.thenStatus);
        const repeated = await supplier.purchase(purchase);
        if (scenario.thenStatus === 'not_found')
          expect(['succeeded', 'failed', 'pending']).toContain(repeated.status);
        else expect(repeated).toEqual(status);
        await expectPurchases(purchase.supplierRef, 1);
      });
    });

    describe('idempotency by reference', () => {
      it('answers a repeated purchase with the same purchase, and never buys a second one', async () => {
        const purchase = request(fake.scenarios.succeedsAtOnce);
        const first = await supplier.purchase(purchase);
        const second = await supplier.purchase(purchase);
        expectSucceeded(first);
        expect(second).toEqual(first);
        await expectPurchases(purchase.supplierRef, 1);
      });

      it('answers a repeated pending purchase with its current outcome, and never buys a second one', async () => {
        const purchase = request(fake.scenarios.pendingThenSucceeds);
        await expect(supplier.purchase(purchase)).resolves.toEqual({ status: 'pending' });
        await expect(supplier.purchase(purchase)).resolves.toEqual({ status: 'pending' });
        const settled = await settledStatus(purchase);
        expectSucceeded(settled);
        await expect(supplier.purchase(purchase)).resolves.toEqual(settled);
        await expectPurchases(purchase.supplierRef, 1);
      });

      it('buys once for overlapping purchases with one reference', async () => {
        const purchase = request(fake.scenarios.succeedsAtOnce);
        const answers = await Promise.all([supplier.purchase(purchase), supplier.purchase(purchase)]);
        for (const answer of answers) expect(['succeeded', 'pending', 'in_doubt']).toContain(answer.status);
        const settled = await settledStatus(purchase);
        expectSucceeded(settled);
        for (const answer of answers) if (answer.status === 'succeeded') expect(answer).toEqual(settled);
        await expectPurchases(purchase.supplierRef, 1);
      });

      it('buys once per reference: two references are two purchases', async () => {
        const first = request(fake.scenarios.succeedsAtOnce);
        const second = request(fake.scenarios.succeedsAtOnce);
        expectSucceeded(await supplier.purchase(first));
        expectSucceeded(await supplier.purchase(second));
        await expectPurchases(first.supplierRef, 1);
        await expectPurchases(second.supplierRef, 1);
      });
    });

    describe('a reference the supplier has no transaction with', () => {
      it('is not_found to checkStatus, which buys nothing (or, where a status check is the purchase sent again, buys once under that same reference)', async () => {
        const purchase = request(fake.scenarios.succeedsAtOnce, fake.scenarios.neverUsedRef ?? freshRef());
        const status = await supplier.checkStatus(purchase);
        if (fake.statusCheckMayBuy) {
          expectSucceeded(status);
          await expect(supplier.purchase(purchase)).resolves.toEqual(status);
          await expectPurchases(purchase.supplierRef, 1);
          return;
        }
        expect(status).toEqual({ status: 'not_found' });
        await expectPurchases(purchase.supplierRef, 0);
      });

      it('is bought, once, by a purchase under that same reference after not_found', async () => {
        if (fake.statusCheckMayBuy) return; // its status check already bought: see above
        const purchase = request(fake.scenarios.succeedsAtOnce);
        await expect(supplier.checkStatus(purchase)).resolves.toEqual({ status: 'not_found' });
        const bought = await supplier.purchase(purchase);
        expectSucceeded(bought);
        await expect(supplier.checkStatus(purchase)).resolves.toEqual(bought);
        await expectPurchases(purchase.supplierRef, 1);
      });
    });
  });
}
