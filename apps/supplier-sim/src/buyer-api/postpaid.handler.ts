import type { Rc } from '../protocol/response-codes';
import { outcome, planPurchase } from '../purchase/plan';
import { billFor, paymentReference } from '../purchase/receipts';
import { scenarioOf, type Scenario } from '../purchase/scenario';
import type { Outcome, Transaction } from '../purchase/transaction-book';
import { transactionRefusal, type BuyerApiContext, type HandlerAnswer } from './context';
import { newTransaction } from './new-transaction';
import type { PostpaidCommand, TransactionRequest } from './transaction-request';

/**
 * Postpaid bills on `POST /v1/transaction`, one ref_id from inquiry to payment:
 * - `inq-pasca` finds the customer's bill (`…990` rc 54 invalid number, `…996` rc 60 no bill);
 * - `pay-pasca` pays the bill inquired under the same ref_id, going the suffix table's way;
 * - `status-pasca` answers the payment; rc 50 when the ref_id has no payment.
 * Repeating a command answers what it answered before; the same ref_id for another customer or
 * product is refused rc 49.
 */
export function postpaid(
  context: BuyerApiContext,
  request: TransactionRequest & { commands: PostpaidCommand },
): HandlerAnswer {
  const log = {
    command: request.commands,
    ref_id: request.ref_id,
    customer_no: request.customer_no,
    sku: request.buyer_sku_code,
  };
  const answer = (transaction: Transaction, created: boolean, holdMs?: number, misbehaviour?: string) => ({
    body: { data: transaction.data },
    created,
    holdMs,
    misbehaviour,
    log,
  });
  const refuse = (rc: Rc, price?: number): HandlerAnswer => ({
    body: transactionRefusal(context, request, rc, { price }),
    created: false,
    log,
  });

  const existing = context.book.get(request.ref_id);
  if (
    existing &&
    (existing.kind !== 'pasca' ||
      existing.data.customer_no !== request.customer_no ||
      existing.data.buyer_sku_code !== request.buyer_sku_code)
  ) {
    return refuse('49');
  }
  switch (request.commands) {
    case 'inq-pasca':
      return existing ? answer(existing, false) : inquire(context, request, refuse, answer);
    case 'status-pasca':
      return existing?.stage === 'payment' ? answer(existing, false) : refuse('50');
    case 'pay-pasca': {
      if (!existing) return refuse('50');
      if (existing.stage === 'payment' || existing.data.status === 'Gagal') return answer(existing, false);
      return pay(context, request, existing, refuse, answer);
    }
  }
}

type Refuse = (rc: Rc, price?: number) => HandlerAnswer;
type Answer = (
  transaction: Transaction,
  created: boolean,
  holdMs?: number,
  misbehaviour?: string,
) => HandlerAnswer;

function inquire(
  context: BuyerApiContext,
  request: TransactionRequest,
  refuse: Refuse,
  answer: Answer,
): HandlerAnswer {
  const product = context.priceList.find(request.buyer_sku_code);
  if (!product || product.kind !== 'pasca') return refuse('43');
  if (!product.entry.seller_product_status) return refuse('62');
  const scenario = scenarioOf(request.customer_no, request.testing);
  const bill = billFor(
    request.customer_no,
    product.entry.admin,
    product.entry.commission,
    new Date(context.now()),
  );
  const inquired = inquiryOutcome(product.entry.buyer_product_status, scenario);
  const found = inquired.rc === '00';
  const transaction = context.book.add(
    newTransaction(
      context,
      request,
      { kind: 'pasca', stage: 'inquiry' },
      inquired,
      found ? bill : { customer_name: '', admin: 0, selling_price: 0, price: 0 },
    ),
    0,
  );
  return answer(transaction, true);
}

/** Billers say a paid bill in their own words, under rc 60 (docs/digiflazz.md §5). */
const BILL_ALREADY_PAID = 'Tagihan sudah terbayar';

/**
 * An inactive product is under maintenance (55); `…990` is no such customer (54), `…996` a bill paid
 * already (60, in the biller's words).
 */
function inquiryOutcome(productActive: boolean, scenario: Scenario): Outcome {
  if (!productActive) return outcome('55');
  if (scenario === 'invalid_destination') return outcome('54');
  if (scenario === 'bill_already_paid') return { ...outcome('60'), message: BILL_ALREADY_PAID };
  return outcome('00');
}

function pay(
  context: BuyerApiContext,
  request: TransactionRequest,
  inquiry: Transaction,
  refuse: Refuse,
  answer: Answer,
): HandlerAnswer {
  const product = context.priceList.find(request.buyer_sku_code);
  if (product?.kind === 'pasca' && !product.entry.seller_product_status)
    return refuse('62', inquiry.data.price);
  const testing = request.testing || inquiry.testing;
  if (!testing && context.book.deposit < inquiry.data.price) return refuse('44', inquiry.data.price);
  const late = context.modes.take('lateSuccess');
  const plan = planPurchase(scenarioOf(request.customer_no, testing), paymentReference(request.ref_id), {
    slowAnswerMs: context.config.slowAnswerMs,
    lateSuccessMs: late?.delayMs,
  });
  const settlesAt = plan.settlesInto
    ? new Date(context.now() + context.config.pendingDelayMs).toISOString()
    : undefined;
  const transaction = context.book.pay(
    request.ref_id,
    { outcome: plan.outcome, settlesAt, settlesInto: plan.settlesInto, cbUrl: request.cb_url },
    plan.debits && !testing ? inquiry.data.price : 0,
  );
  return answer(transaction, true, plan.holdMs, late ? 'late_success' : undefined);
}
