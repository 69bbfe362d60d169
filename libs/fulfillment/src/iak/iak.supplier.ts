import type { Money } from '@kios/dana-protocol';
import { checkDestination } from '../destination';
import { DigiflazzClient } from '../digiflazz/digiflazz-client';
import { customerNoOf, isFinal, SentPurchases, type SentPurchase } from '../digiflazz/digiflazz-purchases';
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
import { describeIakFailure, outcomeOfIakReply, statusOfIakReply } from './iak-answer';
import { iakAmountToMinor } from './iak-money';
import {
  IAK_PATHS,
  iakBalanceBody,
  iakCheckStatusBody,
  iakPriceListBody,
  iakTopUpBody,
  type IakCredentials,
} from './iak-requests';
import { assertIakRef, IAK_DEFAULTS, type IakSettings } from './iak-settings';

/** Why an inquiry gave no answer kios can pass on: the caller answers DANA "supplier unavailable". */
export class IakInquiryUnusable extends Error {
  override readonly name = 'IakInquiryUnusable';
}

/**
 * A call to IAK that gave nothing usable (balance, price list). Its message says what came back (a
 * transport failure, an rc and IAK's message), never what was sent.
 */
export class IakCallError extends Error {
  override readonly name = 'IakCallError';
  constructor(
    message: string,
    readonly rc?: string,
  ) {
    super(message);
  }
}

/** One entry of IAK's prepaid price list, as kios reads it. */
export type IakPriceListEntry = {
  productCode: string;
  price?: Money;
  active: boolean;
  raw: Record<string, unknown>;
};

/**
 * The Supplier port in front of IAK's prepaid API (docs/iak.md). A purchase is a `top-up` under the
 * purchase's ref_id; IAK answers a top-up sent again under the same ref_id as a status check, and
 * `check-status` asks without ever buying. Every outcome goes through the rc table (iak-codes.ts);
 * no usable answer is in_doubt, never failed. Prepaid only: bill products are not sold through IAK in
 * this round. The API key is used only to sign; it is in no outcome, error or log line.
 *
 * The HTTP transport is DigiflazzClient's (kept-alive connections, one JSON POST, nothing secret in
 * what it reports): it carries nothing of Digiflazz's protocol, only its name.
 */
export class IakSupplier implements Supplier {
  private readonly client: DigiflazzClient;
  private readonly credentials: IakCredentials;
  private readonly sent = new SentPurchases();

  constructor(private readonly settings: IakSettings) {
    this.client = new DigiflazzClient({
      baseUrl: settings.baseUrl ?? IAK_DEFAULTS.baseUrl,
      timeoutMs: settings.timeoutMs ?? IAK_DEFAULTS.timeoutMs,
    });
    this.credentials = { username: settings.username, apiKey: settings.apiKey };
  }

  /**
   * Prepaid products are checked by the destination checks alone, as the simulator and Digiflazz do
   * (IAK's only lookups are PLN and game-id inquiries, not used yet). A bill product throws: kios
   * does not pay bills through IAK, and the caller answers DANA that the supplier is unavailable.
   */
  async inquire({ product, destination }: InquiryRequest): Promise<InquiryOutcome> {
    const check = checkDestination(product, destination);
    if (!check.ok) return { status: 'invalid_destination', reason: check.reason };
    if (product.pricing === 'bill') {
      throw new IakInquiryUnusable(`kios pays no bills through IAK (product ${product.productId})`);
    }
    return { status: 'valid' };
  }

  /**
   * Buys under `supplierRef` as IAK's ref_id. The first call sends the top-up; a repeat answers a
   * final outcome it already has, and otherwise sends the same top-up again, which IAK answers as a
   * status check and never buys twice. Overlapping calls share one request.
   */
  async purchase(request: PurchaseRequest): Promise<PurchaseOutcome> {
    assertIakRef(request.supplierRef);
    const known = this.sent.get(request.supplierRef);
    if (known) return this.askAgain(known, 'purchase');
    const prepared = this.prepare(request);
    if ('failed' in prepared) return { status: 'failed', reason: `not sent: ${prepared.failed}` };
    const purchase = this.sent.remember(prepared.purchase);
    return this.track(purchase, () => this.topUp(purchase, 'first'));
  }

  /**
   * The purchase's current outcome: a final outcome this process has is answered as it is; otherwise
   * IAK's `check-status` under the ref_id, where rc 06 is not_found. Never buys. A product kios does
   * not sell through IAK (no product_code, a bill) was never sent: not_found.
   */
  async checkStatus(request: PurchaseRequest): Promise<StatusOutcome> {
    assertIakRef(request.supplierRef);
    const known = this.sent.get(request.supplierRef);
    if (known) return this.askAgain(known, 'status');
    const prepared = this.prepare(request);
    if ('failed' in prepared) return { status: 'not_found' };
    return this.checkStatusOf(prepared.purchase);
  }

  /** Answered from the destination checks alone (an active account, no holder's name), as Digiflazz does. */
  async checkAccount({ product, destination }: AccountRequest): Promise<AccountOutcome> {
    return checkDestination(product, destination).ok ? { status: 'active' } : { status: 'unknown' };
  }

  /** Lets go of the kept-alive connections to IAK. FulfillmentModule closes every adapter. */
  close(): void {
    this.client.close();
  }

  /** The deposit left with IAK (`check-balance`), in minor units. Throws when unreadable. */
  async balance(): Promise<Money> {
    const reply = await this.client.post(IAK_PATHS.balance, iakBalanceBody(this.credentials));
    if (!reply.ok) throw new IakCallError(`balance: ${describeIakFailure(reply.failure)}`);
    const data = (reply.body as { data?: { balance?: unknown; rc?: unknown; message?: unknown } } | null)
      ?.data;
    if (reply.httpStatus === 200 && data?.balance !== undefined) return iakAmountToMinor(data.balance);
    const rc = typeof data?.rc === 'string' ? data.rc : undefined;
    throw new IakCallError(
      rc
        ? `balance: IAK answered rc ${rc} (${String(data?.message ?? '')})`
        : 'balance: no balance in the answer',
      rc,
    );
  }

  /** IAK's whole prepaid price list (`pricelist`), every status. Throws when unreadable. */
  async priceList(): Promise<IakPriceListEntry[]> {
    const reply = await this.client.post(IAK_PATHS.priceList, iakPriceListBody(this.credentials));
    if (!reply.ok) throw new IakCallError(`price list: ${describeIakFailure(reply.failure)}`);
    const data = (reply.body as { data?: unknown } | null)?.data;
    const list = Array.isArray(data) ? data : (data as { pricelist?: unknown } | undefined)?.pricelist;
    if (reply.httpStatus !== 200 || !Array.isArray(list)) {
      throw new IakCallError(`price list: IAK answered HTTP ${reply.httpStatus} without a list`);
    }
    return list.flatMap((raw: Record<string, unknown>) => {
      if (typeof raw?.product_code !== 'string') return [];
      let price: Money | undefined;
      try {
        price = iakAmountToMinor(raw.product_price);
      } catch {
        price = undefined;
      }
      return [
        { productCode: raw.product_code, ...(price ? { price } : {}), active: raw.status === 'active', raw },
      ];
    });
  }

  /** What the adapter sends for a purchase request, or why it cannot send it. */
  private prepare(request: PurchaseRequest): { purchase: SentPurchase } | { failed: string } {
    if (request.product.pricing === 'bill') {
      return { failed: `kios pays no bills through IAK (product ${request.product.productId})` };
    }
    const productCode = this.settings.productCodeFor(request.product);
    if (productCode === undefined) {
      return { failed: `no IAK product_code for product ${request.product.productId}` };
    }
    return {
      purchase: {
        ref: request.supplierRef,
        kind: 'prepaid',
        sku: productCode,
        customerNo: customerNoOf(request.destination),
        product: request.product,
        firstSentAt: this.settings.now?.() ?? new Date(),
        inquired: false,
        paySent: false,
      },
    };
  }

  /** A known ref asked about again: its final outcome, its running call, or IAK. */
  private askAgain(purchase: SentPurchase, why: 'purchase'): Promise<PurchaseOutcome>;
  private askAgain(purchase: SentPurchase, why: 'status'): Promise<StatusOutcome>;
  private async askAgain(purchase: SentPurchase, why: 'purchase' | 'status'): Promise<StatusOutcome> {
    if (purchase.inFlight) {
      const shared = await purchase.inFlight;
      // A status check found nothing under the ref: a purchase goes on to buy under it.
      if (shared.status !== 'not_found' || why === 'status') return shared;
    }
    if (isFinal(purchase.last)) return { ...purchase.last! };
    if (why === 'purchase') return this.track(purchase, () => this.topUp(purchase, 'repeat'));
    return this.checkStatusOf(purchase);
  }

  private checkStatusOf(purchase: SentPurchase): Promise<StatusOutcome> {
    return this.track(purchase, async () => {
      const reply = await this.client.post(
        IAK_PATHS.checkStatus,
        iakCheckStatusBody(this.credentials, purchase.ref),
      );
      return statusOfIakReply(reply, { refId: purchase.ref, product: purchase.product });
    });
  }

  /** Runs the call for a ref as its in-flight call, and keeps its usable answer. */
  private track<T extends StatusOutcome>(purchase: SentPurchase, call: () => Promise<T>): Promise<T> {
    const running = call()
      .then((outcome) => {
        if (outcome.status !== 'in_doubt' && outcome.status !== 'not_found') purchase.last = outcome;
        return outcome;
      })
      .finally(() => {
        purchase.inFlight = undefined;
      });
    purchase.inFlight = running;
    return running;
  }

  /** A top-up, or the same top-up again (which IAK answers as a status check): the same body every time. */
  private async topUp(purchase: SentPurchase, call: 'first' | 'repeat'): Promise<PurchaseOutcome> {
    const reply = await this.client.post(
      IAK_PATHS.topUp,
      iakTopUpBody(this.credentials, {
        refId: purchase.ref,
        productCode: purchase.sku,
        customerId: purchase.customerNo,
      }),
    );
    return outcomeOfIakReply(reply, { refId: purchase.ref, product: purchase.product, call });
  }
}
