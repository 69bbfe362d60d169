import type { PrepaidProduct } from '../catalog/price-list';
import type { Rc } from '../protocol/response-codes';
import { outcome, planPurchase, type PurchasePlan } from '../purchase/plan';
import type { Transaction } from '../purchase/transaction-book';
import { serialNumber } from '../purchase/receipts';
import { scenarioOf } from '../purchase/scenario';
import { transactionRefusal, type BuyerApiContext, type HandlerAnswer } from './context';
import { newTransaction } from './new-transaction';
import type { TransactionRequest } from './transaction-request';

/**
 * A prepaid top-up, `POST /v1/transaction` without `commands`. The ref_id is the purchase: a repeat
 * with the same ref_id, sku and customer_no is the status check and answers that same transaction
 * (never a second purchase); the same ref_id with another sku or customer_no is refused rc 49
 * ("Ref ID tidak unik") and leaves the first transaction as it was.
 */
export function prepaidTopUp(context: BuyerApiContext, request: TransactionRequest): HandlerAnswer {
  const log = {
    command: 'topup',
    ref_id: request.ref_id,
    customer_no: request.customer_no,
    sku: request.buyer_sku_code,
  };
  const refuse = (rc: Rc, options: { message?: string; price?: number } = {}): HandlerAnswer => ({
    body: transactionRefusal(context, request, rc, options),
    created: false,
    log,
  });
  const { book, priceList, config } = context;

  const existing = book.get(request.ref_id);
  if (existing) {
    const same =
      existing.kind === 'prepaid' &&
      existing.data.customer_no === request.customer_no &&
      existing.data.buyer_sku_code === request.buyer_sku_code;
    if (!same) return refuse('49');
    return { body: { data: existing.data }, created: false, log };
  }

  const product = priceList.find(request.buyer_sku_code);
  if (!product || product.kind !== 'prepaid') return refuse('43');
  const { entry } = product;
  const recorded = (plan: PurchasePlan): HandlerAnswer => ({
    body: { data: recordTopUp(context, request, entry, plan).data },
    created: true,
    log,
  });
  // Digiflazz's table: 55 forms a (failed) transaction, 62/68/69/44 form none.
  if (!entry.buyer_product_status) return recorded({ outcome: outcome('55'), debits: false });
  if (!entry.seller_product_status) return refuse('62', { price: entry.price });
  if (!entry.unlimited_stock && entry.stock <= 0) return refuse('68', { price: entry.price });
  if (request.max_price !== undefined && entry.price > request.max_price) {
    return refuse('69', {
      price: entry.price,
      message: `Harga seller lebih besar dari ketentuan harga Buyer (harga ${entry.price} > max_price ${request.max_price})`,
    });
  }
  if (!request.testing && book.deposit < entry.price) return refuse('44', { price: entry.price });

  const late = context.modes.take('lateSuccess');
  const plan = planPurchase(
    scenarioOf(request.customer_no, request.testing),
    serialNumber(entry.category, request.ref_id, request.customer_no),
    { slowAnswerMs: config.slowAnswerMs, lateSuccessMs: late?.delayMs },
  );
  const answer = recorded(plan);
  if (plan.outcome.status !== 'Gagal') priceList.takeStock(entry.buyer_sku_code);
  return { ...answer, holdMs: plan.holdMs, misbehaviour: late ? 'late_success' : undefined };
}

/** A new top-up under its ref_id; the price leaves the deposit unless it failed at once or is a testing one. */
function recordTopUp(
  context: BuyerApiContext,
  request: TransactionRequest,
  product: PrepaidProduct,
  plan: PurchasePlan,
): Transaction {
  const settlesAt = plan.settlesInto
    ? new Date(context.now() + context.config.pendingDelayMs).toISOString()
    : undefined;
  return context.book.add(
    newTransaction(
      context,
      request,
      { kind: 'prepaid', stage: 'purchase', settlesAt, settlesInto: plan.settlesInto },
      plan.outcome,
      { price: product.price },
    ),
    plan.debits && !request.testing ? product.price : 0,
  );
}
