// Long on purpose: the one Digiflazz adapter of the Supplier port; its signs, codes, money, requests, receipts, bills and price list are the modules beside it.
import { randomBytes } from 'node:crypto';
import { formatDanaTime, type Money } from '@kios/dana-protocol';
import { checkDestination } from '../destination';
import type {
  AccountOutcome,
  AccountRequest,
  InquiryOutcome,
  InquiryRequest,
  PurchaseOutcome,
  PurchaseRequest,
  StatusOutcome,
  Supplier,
} from '../supplier.port';
import { DigiflazzInquiryUnusable, inquiryOutcomeOf } from './digiflazz-bill';
import {
  DigiflazzCallError,
  DigiflazzClient,
  describeTransportFailure,
  type DigiflazzReply,
} from './digiflazz-client';
import { minorToRupiah, NotWholeRupiah, rupiahToMinor } from './digiflazz-money';
import {
  DigiflazzPriceListCache,
  type DigiflazzPriceListCmd,
  type DigiflazzPriceListSnapshot,
} from './digiflazz-price-list';
import { customerNoOf, isFinal, SentPurchases, type SentPurchase } from './digiflazz-purchases';
import {
  balanceBody,
  DIGIFLAZZ_PATHS,
  postpaidBody,
  priceListBody,
  topupBody,
  type DigiflazzCredentials,
  type PostpaidCommand,
} from './digiflazz-requests';
import { assertDigiflazzRef, DIGIFLAZZ_DEFAULTS, type DigiflazzSettings } from './digiflazz-settings';
import { outcomeOfReply, readTransactionAnswer, statusOfPostpaidReply } from './digiflazz-transaction';

/**
 * The Supplier port in front of Digiflazz's buyer API (docs/digiflazz.md). Prepaid products are
 * topups, whose status check is the same topup sent again under the same ref_id; bill products
 * (pricing `bill`) are `inq-pasca` then `pay-pasca` under the purchase's ref_id, checked with
 * `status-pasca`. Every outcome goes through the rc table (digiflazz-codes.ts); no usable answer is
 * in_doubt, never failed. The key is used only to sign; it is in no outcome, error or log line.
 */
export class DigiflazzSupplier implements Supplier {
  private readonly client: DigiflazzClient;
  private readonly credentials: DigiflazzCredentials;
  private readonly now: () => Date;
  private readonly sent = new SentPurchases();
  private readonly priceLists: DigiflazzPriceListCache;

  constructor(private readonly settings: DigiflazzSettings) {
    this.client = new DigiflazzClient({
      baseUrl: settings.baseUrl ?? DIGIFLAZZ_DEFAULTS.baseUrl,
      timeoutMs: settings.timeoutMs ?? DIGIFLAZZ_DEFAULTS.timeoutMs,
    });
    this.credentials = { username: settings.username, key: settings.key };
    this.now = settings.now ?? (() => new Date());
    this.priceLists = new DigiflazzPriceListCache(
      (cmd) => this.client.post(DIGIFLAZZ_PATHS.priceList, priceListBody(this.credentials, cmd)),
      {
        ttlMs: settings.priceListTtlMs ?? DIGIFLAZZ_DEFAULTS.priceListTtlMs,
        backoffMs: settings.priceListBackoffMs ?? DIGIFLAZZ_DEFAULTS.priceListBackoffMs,
        now: this.now,
      },
    );
  }

  /**
   * Prepaid products are checked here, as the simulator does, by the destination checks
   * (checkDestination): Digiflazz has no free check of a phone number or game account. Bill
   * products are inquired with `inq-pasca` under the request's supplierRef, which a valid outcome
   * hands back: Digiflazz pays only that ref_id (`pay-pasca`, docs/digiflazz.md §5). Without one the
   * inquiry goes under a ref_id of its own that nothing can pay. An unusable answer throws; the
   * caller answers DANA that the supplier is unavailable.
   */
  async inquire({ product, destination, supplierRef }: InquiryRequest): Promise<InquiryOutcome> {
    const check = checkDestination(product, destination);
    if (!check.ok) return { status: 'invalid_destination', reason: check.reason };
    if (product.pricing !== 'bill') return { status: 'valid' };
    if (supplierRef !== undefined) assertDigiflazzRef(supplierRef);
    const sku = this.settings.skuFor(product);
    if (sku === undefined)
      throw new DigiflazzInquiryUnusable(`no Digiflazz sku for product ${product.productId}`);
    const refId = supplierRef ?? unpayableInquiryRef();
    const reply = await this.postpaid('inq-pasca', refId, sku, customerNoOf(check.destination));
    if (!reply.ok) throw new DigiflazzInquiryUnusable(describeTransportFailure(reply.failure));
    const answer = readTransactionAnswer(reply.body);
    if (answer === undefined) throw new DigiflazzInquiryUnusable('Digiflazz answered without data.rc');
    if (answer.refId !== undefined && answer.refId !== refId) {
      throw new DigiflazzInquiryUnusable(`Digiflazz answered about ref_id ${answer.refId}, not ${refId}`);
    }
    const outcome = inquiryOutcomeOf(answer, this.now());
    return outcome.status === 'valid' && supplierRef !== undefined ? { ...outcome, supplierRef } : outcome;
  }

  /**
   * Buys under `supplierRef` as Digiflazz's ref_id. The first call sends the topup (or, for a bill,
   * its inquiry then its payment); a repeat answers a final outcome it already has, and otherwise
   * asks Digiflazz again under the same ref_id, which never buys twice. Overlapping calls share
   * one request.
   */
  async purchase(request: PurchaseRequest): Promise<PurchaseOutcome> {
    assertDigiflazzRef(request.supplierRef);
    const known = this.sent.get(request.supplierRef);
    if (known) return this.askAgain(known, 'purchase');
    const prepared = this.prepare(request);
    if ('failed' in prepared) return { status: 'failed', reason: `not sent: ${prepared.failed}` };
    const purchase = this.sent.remember(prepared.purchase);
    return this.track(purchase, () =>
      purchase.kind === 'prepaid' ? this.topup(purchase, 'first') : this.payBill(purchase),
    );
  }

  /**
   * The purchase's current outcome, asked with the purchase request itself (Digiflazz checks a
   * transaction by its sku, customer_no and ref_id). For a ref this process sent: a final outcome it
   * has is answered as it is; otherwise Digiflazz is asked (the topup again, or `status-pasca` for a
   * bill), no sooner than `statusCheckMinIntervalMs` after the last time (meanwhile: still pending).
   * For a ref this process did not send (sent before a restart, or never):
   * - a bill: `status-pasca`, where rc 50 is not_found;
   * - a topup: the same topup sent under the same ref_id, which is Digiflazz's status check: it
   *   answers the transaction Digiflazz holds under the ref, and buys under that same ref if it
   *   holds none, which is what the caller does after not_found anyway. Never under another ref_id;
   *   the 90-day horizon of the ref is the caller's to keep (docs/digiflazz.md).
   * A product kios does not sell through Digiflazz (no sku) was never sent: not_found.
   */
  async checkStatus(request: PurchaseRequest): Promise<StatusOutcome> {
    assertDigiflazzRef(request.supplierRef);
    const known = this.sent.get(request.supplierRef);
    if (known) return this.askAgain(known, 'status');
    // Another kios process (the API, a replica) heard it pending: it is asked no sooner than this one would have.
    if (this.askedTooRecently(request.answeredPendingAt)) return { status: 'pending' };
    const prepared = this.prepare(request);
    if ('failed' in prepared) return { status: 'not_found' };
    const { purchase } = prepared;
    if (purchase.kind === 'postpaid') {
      const reply = await this.postpaid('status-pasca', purchase.ref, purchase.sku, purchase.customerNo);
      return statusOfPostpaidReply(reply, { refId: purchase.ref, product: purchase.product });
    }
    this.sent.remember(purchase);
    return this.track(purchase, () => this.topup(purchase, 'repeat'));
  }

  /** What the adapter sends for a purchase request, or why it cannot send it. */
  private prepare(request: PurchaseRequest): { purchase: SentPurchase } | { failed: string } {
    const sku = this.settings.skuFor(request.product);
    if (sku === undefined) return { failed: `no Digiflazz sku for product ${request.product.productId}` };
    let maxPrice: number | undefined;
    try {
      maxPrice = this.maxPriceOf(this.settings.maxPriceFor?.(request.product));
    } catch (error) {
      if (error instanceof NotWholeRupiah) return { failed: `max_price ${error.message}` };
      throw error;
    }
    const kind = request.product.pricing === 'bill' ? 'postpaid' : 'prepaid';
    return {
      purchase: {
        ref: request.supplierRef,
        kind,
        sku,
        customerNo: customerNoOf(request.destination),
        ...(maxPrice === undefined ? {} : { maxPrice }),
        product: request.product,
        firstSentAt: this.now(),
        inquired: kind === 'postpaid' && request.billInquiredUnderRef === true,
        paySent: false,
      },
    };
  }

  /**
   * Answered from the destination checks alone: a destination that fits the product is an active
   * account (no holder's name), one that does not is unknown. Digiflazz's only account lookup is a
   * bill's `inq-pasca`, which needs a ref_id and is an inquiry, not a validation.
   */
  async checkAccount({ product, destination }: AccountRequest): Promise<AccountOutcome> {
    return checkDestination(product, destination).ok ? { status: 'active' } : { status: 'unknown' };
  }

  /** Lets go of the client's kept-alive connections to Digiflazz. FulfillmentModule closes every adapter. */
  close(): void {
    this.client.close();
  }

  /** The deposit left with Digiflazz (`/v1/cek-saldo`), in minor units. */
  async balance(): Promise<Money> {
    const reply = await this.client.post(DIGIFLAZZ_PATHS.balance, balanceBody(this.credentials));
    if (!reply.ok) throw new DigiflazzCallError(`balance: ${describeTransportFailure(reply.failure)}`);
    const data = (reply.body as { data?: { deposit?: unknown; rc?: unknown; message?: unknown } } | null)
      ?.data;
    if (data?.deposit !== undefined) return rupiahToMinor(data.deposit);
    const rc = typeof data?.rc === 'string' ? data.rc : undefined;
    throw new DigiflazzCallError(
      rc
        ? `balance: Digiflazz answered rc ${rc} (${String(data?.message ?? '')})`
        : 'balance: no deposit in the answer',
      rc,
    );
  }

  /** Digiflazz's price list for `cmd`, cached (see DigiflazzPriceListCache). */
  priceList(cmd: DigiflazzPriceListCmd): Promise<DigiflazzPriceListSnapshot> {
    return this.priceLists.get(cmd);
  }

  /**
   * A known ref asked about again: its final outcome, its running call, or Digiflazz. For a bill, a
   * purchase pays if Digiflazz holds no payment under the ref; a status check never pays and reports
   * such a ref as not_found.
   */
  private askAgain(purchase: SentPurchase, why: 'purchase'): Promise<PurchaseOutcome>;
  private askAgain(purchase: SentPurchase, why: 'status'): Promise<StatusOutcome>;
  private async askAgain(purchase: SentPurchase, why: 'purchase' | 'status'): Promise<StatusOutcome> {
    if (purchase.inFlight) {
      const shared = await purchase.inFlight;
      // A status check found no payment of the bill: a purchase goes on to pay it.
      if (shared.status !== 'not_found' || why === 'status') return shared;
    }
    if (isFinal(purchase.last)) return { ...purchase.last! };
    const now = this.now().getTime();
    const horizonMs = this.settings.refHorizonMs ?? DIGIFLAZZ_DEFAULTS.refHorizonMs;
    if (now - purchase.firstSentAt.getTime() >= horizonMs) {
      return {
        status: 'in_doubt',
        reason:
          `ref_id ${purchase.ref} was first sent ${formatDanaTime(purchase.firstSentAt)}, past Digiflazz's ` +
          '90-day horizon: sending it again would make a new transaction',
      };
    }
    if (purchase.last?.status === 'pending' && this.askedTooRecently(purchase.lastAskedAt)) {
      return { status: 'pending' };
    }
    if (purchase.kind === 'prepaid') return this.track(purchase, () => this.topup(purchase, 'repeat'));
    if (why === 'purchase') return this.track(purchase, () => this.payBill(purchase));
    if (!purchase.paySent) return { status: 'not_found' };
    return this.track(purchase, () => this.billStatus(purchase));
  }

  /** Digiflazz answered pending less than the status check interval ago: not asked again yet (rc 83–86 are its rate limits). */
  private askedTooRecently(answeredAt: Date | undefined): boolean {
    const minIntervalMs =
      this.settings.statusCheckMinIntervalMs ?? DIGIFLAZZ_DEFAULTS.statusCheckMinIntervalMs;
    return answeredAt !== undefined && this.now().getTime() - answeredAt.getTime() < minIntervalMs;
  }

  /** Runs the call for a ref as its in-flight call, and keeps its usable answer. */
  private track<T extends StatusOutcome>(purchase: SentPurchase, call: () => Promise<T>): Promise<T> {
    const running = call()
      .then((outcome) => {
        purchase.lastAskedAt = this.now();
        if (outcome.status !== 'in_doubt' && outcome.status !== 'not_found') purchase.last = outcome;
        return outcome;
      })
      .finally(() => {
        purchase.inFlight = undefined;
      });
    purchase.inFlight = running;
    return running;
  }

  /** A topup, or the same topup again (its status check): the same body every time. */
  private async topup(purchase: SentPurchase, call: 'first' | 'repeat'): Promise<PurchaseOutcome> {
    const reply = await this.client.post(
      DIGIFLAZZ_PATHS.transaction,
      topupBody(this.credentials, {
        refId: purchase.ref,
        sku: purchase.sku,
        customerNo: purchase.customerNo,
        testing: this.settings.testing ?? false,
        maxPrice: purchase.maxPrice,
        callbackUrl: this.settings.callbackUrl,
      }),
    );
    return outcomeOfReply(reply, { refId: purchase.ref, product: purchase.product, call });
  }

  /**
   * Pays a bill: once its payment was sent, its status first, and the payment again only if
   * Digiflazz holds none. Digiflazz pays only an inquired ref_id: a bill inquired under the ref at
   * Destination Inquiry is paid at once; any other is inquired under the purchase's ref_id first.
   */
  private async payBill(purchase: SentPurchase): Promise<PurchaseOutcome> {
    if (purchase.paySent) {
      const status = await this.billStatus(purchase);
      if (status.status !== 'not_found') return status;
    }
    if (!purchase.inquired) {
      const inquiry = outcomeOfReply(
        await this.postpaid('inq-pasca', purchase.ref, purchase.sku, purchase.customerNo),
        { refId: purchase.ref, product: purchase.product, call: 'first' },
      );
      if (inquiry.status === 'failed') return { status: 'failed', reason: `no bill paid: ${inquiry.reason}` };
      if (inquiry.status !== 'succeeded') return inquiry;
    }
    const call = purchase.paySent ? 'repeat' : 'first';
    purchase.paySent = true;
    const reply = await this.postpaid('pay-pasca', purchase.ref, purchase.sku, purchase.customerNo);
    return outcomeOfReply(reply, { refId: purchase.ref, product: purchase.product, call });
  }

  private async billStatus(purchase: SentPurchase): Promise<StatusOutcome> {
    const reply = await this.postpaid('status-pasca', purchase.ref, purchase.sku, purchase.customerNo);
    return statusOfPostpaidReply(reply, { refId: purchase.ref, product: purchase.product });
  }

  private postpaid(
    commands: PostpaidCommand,
    refId: string,
    sku: string,
    customerNo: string,
  ): Promise<DigiflazzReply> {
    return this.client.post(
      DIGIFLAZZ_PATHS.transaction,
      postpaidBody(this.credentials, commands, {
        refId,
        sku,
        customerNo,
        testing: this.settings.testing ?? false,
        callbackUrl: this.settings.callbackUrl,
      }),
    );
  }

  private maxPriceOf(limit: Money | undefined): number | undefined {
    return limit === undefined ? undefined : minorToRupiah(limit);
  }
}

/**
 * A ref_id for a bill inquiry asked without a reference (a check, not a purchase): `KCHK-` and 24
 * random hex characters. No order ever pays it: orders pay under KIOS- or KINQ- references.
 */
function unpayableInquiryRef(): string {
  return `KCHK-${randomBytes(12).toString('hex').toUpperCase()}`;
}
