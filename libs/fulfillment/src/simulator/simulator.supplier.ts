import type { Product } from '@kios/catalog';
import { idr, type Clock, type Money } from '@kios/dana-protocol';
import type { Destination } from '../destination';
import type {
  AccountOutcome,
  AccountRequest,
  FinalPurchaseOutcome,
  InquiryOutcome,
  InquiryRequest,
  PurchaseOutcome,
  PurchaseRequest,
  Receipt,
  StatusOutcome,
  Supplier,
} from '../supplier.port';
import { scenarioOf } from './scenario';
import { simulatedAccountStatus, simulatedCustomerName, simulatedNickname } from './simulated-accounts';
import { simulatedBill } from './simulated-bill';
import { simulatedPlnToken, simulatedSerialNumber, simulatedVoucherCode } from './simulated-codes';
import type { SimulatedPurchase, SimulatedPurchaseLog } from './simulated-purchase-log';
import { LoggedPurchases, PurchasesInMemory, type SimulatedPurchases } from './simulated-purchases';

export type SimulatorSupplierOptions = {
  clock: Clock;
  /** How long a `…992`/`…993` purchase stays pending before it settles (KIOS_SIM_DELAY_MS). */
  delayMs?: number;
  /**
   * How long a `…994` purchase holds its answer: longer than any caller's deadline, so callers see
   * no answer and take the purchase as in doubt (the simulator itself never answers in_doubt).
   */
  timeoutHangMs?: number;
  /** Added to every call, like the round trip to a real supplier. */
  latencyMs?: number;
  /** Admin fee per billed month. */
  adminFee?: Money;
  serialNumberFor?: (supplierRef: string) => string;
  /** How the simulator waits; tests pass one driven by fake timers. */
  sleep?: (ms: number) => Promise<void>;
  /** Where purchases outlive the process (kios restarts, the supplier does not); memory only when absent. */
  purchaseLog?: SimulatedPurchaseLog;
  /** With a log, how many purchases stay in memory too (REMEMBERED_PURCHASES); tests make it small. */
  rememberedPurchases?: number;
};

export const SIMULATOR_DEFAULTS = {
  delayMs: 3000,
  timeoutHangMs: 60_000,
  latencyMs: 20,
  adminFee: idr(250_000),
};

/** The simulator's waits never keep a process alive on their own (a hung `…994` call is abandoned by its caller). */
const unrefSleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref();
  });

/**
 * A supplier that behaves by the last three digits of the destination (docs/architecture.md §7), so
 * demos and tests can play every path of an order: see `scenarioOf`. Purchases live in memory or,
 * given a purchase log, in a file that a restarted kios reads back, and that another kios process on
 * the same file reads when asked about a reference it does not know; memory then holds only the
 * latest (LoggedPurchases).
 */
export class SimulatorSupplier implements Supplier {
  private readonly clock: Clock;
  private readonly delayMs: number;
  private readonly timeoutHangMs: number;
  private readonly latencyMs: number;
  private readonly adminFee: Money;
  private readonly serialNumberFor: (supplierRef: string) => string;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly made: SimulatedPurchases;

  constructor(options: SimulatorSupplierOptions) {
    this.clock = options.clock;
    this.delayMs = options.delayMs ?? SIMULATOR_DEFAULTS.delayMs;
    this.timeoutHangMs = options.timeoutHangMs ?? SIMULATOR_DEFAULTS.timeoutHangMs;
    this.latencyMs = options.latencyMs ?? SIMULATOR_DEFAULTS.latencyMs;
    this.adminFee = options.adminFee ?? SIMULATOR_DEFAULTS.adminFee;
    this.serialNumberFor = options.serialNumberFor ?? simulatedSerialNumber;
    this.sleep = options.sleep ?? unrefSleep;
    this.made = options.purchaseLog
      ? new LoggedPurchases(options.purchaseLog, options.rememberedPurchases)
      : new PurchasesInMemory();
  }

  async inquire({ product, destination }: InquiryRequest): Promise<InquiryOutcome> {
    await this.roundTrip();
    const scenario = scenarioOf(destination.primaryParam);
    if (scenario === 'invalid_destination') {
      return { status: 'invalid_destination', reason: unknownDestination(destination) };
    }
    const account = accountDetails(product, destination);
    if (product.pricing !== 'bill') return { status: 'valid', ...account };
    if (scenario === 'bill_already_paid') return { status: 'bill_already_paid' };
    return {
      status: 'valid',
      ...account,
      bill: simulatedBill(destination.primaryParam, this.clock.now(), this.adminFee),
    };
  }

  async purchase(request: PurchaseRequest): Promise<PurchaseOutcome> {
    // Looked up and recorded before the first await: concurrent calls with one reference see one purchase.
    const existing = this.made.find(request.supplierRef);
    if (existing) this.made.repeated(request.supplierRef, this.clock.now());
    const purchase = existing ?? this.record(request);
    await this.roundTrip();
    if (!existing && scenarioOf(purchase.destination.primaryParam) === 'timeout_then_success') {
      await this.sleep(this.timeoutHangMs);
    }
    return this.currentOutcome(purchase);
  }

  /** The purchase's current outcome; `not_found` for a reference it never bought for. */
  async checkStatus({ supplierRef }: PurchaseRequest): Promise<StatusOutcome> {
    await this.roundTrip();
    const purchase = this.made.find(supplierRef);
    return purchase ? this.currentOutcome(purchase) : { status: 'not_found' };
  }

  /**
   * `…997` inactive, `…998` (and `…990`) unknown, any other account active under a name that is
   * always the same for it: the holder's, or a game account's nickname (see simulatedAccountStatus).
   */
  async checkAccount({ product, destination }: AccountRequest): Promise<AccountOutcome> {
    await this.roundTrip();
    const status = simulatedAccountStatus(destination.primaryParam);
    if (status !== 'active') return { status };
    const customerName =
      product.destination.kind === 'game_account'
        ? simulatedNickname(destination.primaryParam)
        : simulatedCustomerName(destination.primaryParam);
    return { status, customerName };
  }

  /** Lets go of the purchase log's file. */
  close(): void {
    this.made.close();
  }

  /** Every purchase made so far, oldest first; a repeated supplierRef never adds one. */
  purchases(): SimulatedPurchase[] {
    return this.made.all().map((purchase) => ({ ...purchase }));
  }

  private record(request: PurchaseRequest): SimulatedPurchase {
    const placedAt = this.clock.now();
    const { outcome, settlesAfterMs } = this.plan(request);
    const purchase: SimulatedPurchase = {
      supplierRef: request.supplierRef,
      productId: request.product.productId,
      destination: { ...request.destination },
      placedAt,
      settlesAt: new Date(placedAt.getTime() + settlesAfterMs),
      outcome,
    };
    this.made.bought(purchase);
    return purchase;
  }

  private plan({ supplierRef, product, destination }: PurchaseRequest): {
    outcome: FinalPurchaseOutcome;
    settlesAfterMs: number;
  } {
    const atOnce = (outcome: FinalPurchaseOutcome) => ({ outcome, settlesAfterMs: 0 });
    const afterDelay = (outcome: FinalPurchaseOutcome) => ({ outcome, settlesAfterMs: this.delayMs });
    const succeeded = (): FinalPurchaseOutcome => ({
      status: 'succeeded',
      ...this.receipt(product, supplierRef),
    });
    const failed = (reason: string): FinalPurchaseOutcome => ({ status: 'failed', reason });

    switch (scenarioOf(destination.primaryParam)) {
      case 'invalid_destination':
        return atOnce(failed(unknownDestination(destination)));
      case 'rejected':
        return atOnce(failed('the supplier rejected the purchase'));
      case 'pending_then_success':
        return afterDelay(succeeded());
      case 'pending_then_failure':
        return afterDelay(failed('the supplier could not complete the purchase'));
      case 'bill_already_paid':
        return atOnce(product.pricing === 'bill' ? failed('the bill is already paid') : succeeded());
      case 'timeout_then_success':
      case 'success':
        return atOnce(succeeded());
    }
  }

  private receipt(product: Product, supplierRef: string): Receipt {
    const serialNumber = this.serialNumberFor(supplierRef);
    switch (product.delivery) {
      case 'token':
        return { serialNumber, token: simulatedPlnToken(supplierRef) };
      case 'voucher':
        return { serialNumber, token: simulatedVoucherCode(supplierRef) };
      case 'serial':
        return { serialNumber };
    }
  }

  private currentOutcome(purchase: SimulatedPurchase): PurchaseOutcome {
    const settled = this.clock.now().getTime() >= purchase.settlesAt.getTime();
    return settled ? { ...purchase.outcome } : { status: 'pending' };
  }

  private async roundTrip(): Promise<void> {
    if (this.latencyMs > 0) await this.sleep(this.latencyMs);
  }
}

/** Billers name the account holder; games show the account's nickname (docs/dana-protocol.md §5.5). */
function accountDetails(
  product: Product,
  destination: Destination,
): { customerName?: string; nickname?: string } {
  if (product.module === 'biller') return { customerName: simulatedCustomerName(destination.primaryParam) };
  if (product.destination.kind === 'game_account')
    return { nickname: simulatedNickname(destination.primaryParam) };
  return {};
}

function unknownDestination(destination: Destination): string {
  return `${destination.primaryParam} is not known to the supplier`;
}
